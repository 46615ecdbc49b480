"""accounts:account: the person's own page, with the audit log of their record."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runback.accounts.models import User


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
