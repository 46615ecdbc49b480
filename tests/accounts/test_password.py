"""Password reset by email, and password change."""

from __future__ import annotations

import contextlib
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from runback.accounts.models import User
from runback.accounts.services import user_create


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


RESET_URL = reverse("accounts:password_reset")
DONE_URL = reverse("accounts:password_reset_done")


@pytest.mark.django_db
def test_password_reset_sends_a_few_emails_an_hour_per_account(runner: User) -> None:
    """From many addresses, for one account: a few emails, the same answer every time."""
    limit = settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL
    for n in range(limit + 3):
        response = Client().post(
            RESET_URL, {"email": "Runner@Example.com"}, REMOTE_ADDR=f"198.51.100.{n}"
        )
        assert (response.status_code, response["Location"]) == (302, DONE_URL)
    assert len(mail.outbox) == limit
    # Another account is not affected.
    user_create(email="second@example.com", password="x-long-password-1")
    Client().post(RESET_URL, {"email": "second@example.com"}, REMOTE_ADDR="198.51.100.99")
    assert len(mail.outbox) == limit + 1


@pytest.mark.django_db
@override_settings(RUNBACK_RESET_REQUESTS_PER_HOUR_PER_ADDRESS=3)
def test_password_reset_is_limited_per_client_address(runner: User) -> None:
    """Requests for unknown addresses count too (the limit must not tell who has an
    account); over the limit nothing is sent, and the answer is the same."""
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(2):
        client.post(RESET_URL, {"email": f"nobody{n}@example.com"})
    assert client.post(RESET_URL, {"email": runner.email})["Location"] == DONE_URL
    assert len(mail.outbox) == 1
    over = client.post(RESET_URL, {"email": runner.email})
    assert (over.status_code, over["Location"]) == (302, DONE_URL)
    assert len(mail.outbox) == 1
    # Somebody else, elsewhere, is not affected.
    Client(REMOTE_ADDR="198.51.100.9").post(RESET_URL, {"email": runner.email})
    assert len(mail.outbox) == 2


def _as_another_worker() -> None:
    """Forget everything this process holds of the cache, as if the next request were
    served by another gunicorn worker (or another machine): the cache connection, and the
    process-wide dictionaries a local-memory cache would keep its counts in."""
    from django.core.cache import caches
    from django.core.cache.backends import locmem

    caches.close_all()
    for alias in list(settings.CACHES):
        with contextlib.suppress(AttributeError):  # not opened in this thread yet
            del caches[alias]
    for store in (locmem._caches, locmem._expire_info, locmem._locks):
        store.clear()


def test_the_rate_limit_counts_in_a_cache_every_worker_shares() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.django_db
def test_the_reset_limit_holds_when_each_request_reaches_another_worker(runner: User) -> None:
    """With 2 gunicorn workers (or several instances on one database) a per-process count
    would let twice the limit through. Every request here starts from an empty process."""
    limit = settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL
    for n in range(limit + 2):
        _as_another_worker()
        response = Client().post(RESET_URL, {"email": runner.email}, REMOTE_ADDR=f"198.51.100.{n}")
        assert response["Location"] == DONE_URL
    assert len(mail.outbox) == limit


@pytest.mark.django_db
def test_password_change_with_a_wrong_current_password_changes_nothing(
    runner_client: Client, runner: User
) -> None:
    response = runner_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": "another-good-one-88",
            "new_password2": "another-good-one-88",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    runner.refresh_from_db()
    assert runner.check_password("correct-horse-battery-staple")


def _change(client: Client, old: str) -> int:
    new = "another-good-one-88"
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    ).status_code


@pytest.mark.django_db
def test_wrong_passwords_on_password_change_count_towards_the_login_lockout(
    runner_client: Client, runner: User
) -> None:
    """Otherwise a stolen session could guess the password without limit."""
    login_url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _change(runner_client, "wrong") == 200
    # The last failure is a login attempt: the same count, so it locks.
    assert Client().post(login_url, {"username": runner.email, "password": "x"}).status_code == 429
    # While locked, the right password changes nothing either.
    assert _change(runner_client, "correct-horse-battery-staple") == 429
    runner.refresh_from_db()
    assert runner.check_password("correct-horse-battery-staple")
