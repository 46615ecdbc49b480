"""Password reset by email, and password change."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from runback.accounts.models import User


@pytest.mark.django_db
def test_password_reset_by_email(client: Client, runner: User) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": runner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "adgangskode" in message.subject.lower()
    link = re.search(r"https?://[^/]+(/\S+)", message.body)
    assert link
    confirm = client.get(link.group(1), follow=True)
    assert confirm.status_code == 200
    set_url = confirm.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "brand-new-pass-77", "new_password2": "brand-new-pass-77"}
    )
    assert done.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password("brand-new-pass-77")


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client: Client) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_change(runner_client: Client, runner: User) -> None:
    response = runner_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct-horse-battery-staple",
            "new_password1": "another-good-one-88",
            "new_password2": "another-good-one-88",
        },
    )
    assert response.status_code == 302
    runner.refresh_from_db()
    assert runner.check_password("another-good-one-88")
