"""accounts:account: the person's own page, with the audit log of their record."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runback.accounts.models import User
from runback.accounts.services import consent_withdraw


@pytest.mark.django_db
def test_account_shows_own_data_and_audit_log(runner_client: Client, runner: User) -> None:
    response = runner_client.get(reverse("accounts:account"))
    assert response.status_code == 200
    body = response.content.decode()
    assert runner.email in body
    assert "Samtykke givet" in body


@pytest.mark.django_db
def test_account_needs_login(client: Client) -> None:
    assert client.get(reverse("accounts:account")).status_code == 302


@pytest.mark.django_db
def test_account_links_to_own_data_and_says_when_consent_was_withdrawn(
    runner_client: Client, runner: User
) -> None:
    consent_withdraw(user=runner)
    body = runner_client.get(reverse("accounts:account")).content.decode()
    assert "Trukket tilbage den" in body
    for name in ("rehab:history", "rehab:progress", "rehab:export", "accounts:consent"):
        assert reverse(name) in body, name
    assert reverse("accounts:consent_withdraw") not in body  # nothing left to withdraw


@pytest.mark.django_db
def test_account_of_a_clinician_asks_no_consent(clinician_client: Client) -> None:
    body = clinician_client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:consent") not in body
    assert reverse("rehab:export") not in body
