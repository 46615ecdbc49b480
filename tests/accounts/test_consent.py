"""accounts:consent and accounts:consent_withdraw."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runback.accounts.models import Consent, User
from runback.accounts.selectors import consent_current
from runback.accounts.services import user_create


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("accounts:consent"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_consent_page_records_consent_once(client: Client) -> None:
    user = user_create(email="late@example.com", password=None)
    client.force_login(user)
    assert client.post(reverse("accounts:consent"), {}).status_code == 200  # unticked: error
    assert not Consent.objects.filter(user=user).exists()
    assert client.post(reverse("accounts:consent"), {"consent": "on"}).status_code == 302
    assert client.post(reverse("accounts:consent"), {"consent": "on"}).status_code == 302
    assert Consent.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_withdraw_consent(runner_client: Client, runner: User) -> None:
    assert runner_client.get(reverse("accounts:consent_withdraw")).status_code == 405
    response = runner_client.post(reverse("accounts:consent_withdraw"))
    assert response.status_code == 302
    assert consent_current(user=runner) is None
    assert runner.audit_entries.filter(action="accounts.consent.withdrawn").exists()
