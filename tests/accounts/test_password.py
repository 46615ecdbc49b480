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

OWNER_PASSWORD = "correct-horse-battery-staple"  # the personas' password (conftest.py)


@pytest.mark.django_db
def test_password_reset_by_email(client: Client, runner: User) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": runner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "adgangskode" in message.subject.lower()
    link = re.search(r"https?://[^/]+(/\S+)", str(message.body))
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
    # django-stubs does not declare these module-level dictionaries of locmem.
    for store in (locmem._caches, locmem._expire_info, locmem._locks):  # type: ignore[attr-defined]
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


@pytest.mark.django_db
def test_one_client_cannot_use_up_the_owners_reset_emails(runner: User) -> None:
    """An attacker asking again and again for the runner's email gets a few emails sent
    (and the same answer); the owner's own request from elsewhere still sends one."""
    per_client = settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL_AND_CLIENT
    assert per_client < settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL + 2):
        response = attacker.post(RESET_URL, {"email": runner.email.upper()})
        assert (response.status_code, response["Location"]) == (302, DONE_URL)
    assert len(mail.outbox) == per_client
    owner = Client(REMOTE_ADDR="198.51.100.9")
    response = owner.post(RESET_URL, {"email": runner.email})
    assert (response.status_code, response["Location"]) == (302, DONE_URL)
    assert len(mail.outbox) == per_client + 1


@pytest.mark.django_db
@override_settings(RUNBACK_RESET_REQUESTS_PER_HOUR_PER_ADDRESS=3)
def test_an_ipv6_client_is_limited_by_its_64_network(runner: User) -> None:
    for n in range(3):
        Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1}").post(RESET_URL, {"email": f"x{n}@example.com"})
    Client(REMOTE_ADDR="2001:db8:1:2::99").post(RESET_URL, {"email": runner.email})
    assert mail.outbox == []
    Client(REMOTE_ADDR="2001:db8:1:3::1").post(RESET_URL, {"email": runner.email})
    assert len(mail.outbox) == 1


def _reset_password(client: Client, email: str, new: str) -> None:
    """Ask for a reset link, follow it and set `new`."""
    assert client.post(RESET_URL, {"email": email})["Location"] == DONE_URL
    link = re.search(r"https?://[^/]+(/\S+)", str(mail.outbox[-1].body))
    assert link
    confirm = client.get(link.group(1), follow=True)
    set_url = confirm.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("accounts:password_reset_complete")


@pytest.mark.django_db
@override_settings(RUNBACK_LOGIN_ACCOUNT_LIMIT=8)
def test_a_completed_password_reset_lifts_every_lockout_of_the_account(
    runner: User, other_runner: User
) -> None:
    """The lockout page suggests a reset: afterwards the owner logs in at once, from the
    locked-out address and from anywhere, even when the account's ceiling was reached.
    Another account's lockout stays."""
    login = reverse("accounts:login")
    limit = settings.AXES_FAILURE_LIMIT

    def attempt(address: str, email: str, password: str) -> int:
        response = Client(REMOTE_ADDR=address).post(
            login, {"username": email, "password": password}
        )
        return response.status_code

    for _ in range(limit):
        attempt("203.0.113.7", runner.email.title(), "wrong")
        attempt("203.0.113.7", other_runner.email, "wrong")
    for _ in range(3):
        attempt("203.0.113.8", runner.email, "wrong")
    assert attempt("203.0.113.7", runner.email, OWNER_PASSWORD) == 429  # this address
    assert attempt("198.51.100.9", runner.email, OWNER_PASSWORD) == 429  # the ceiling (8)
    _reset_password(Client(REMOTE_ADDR="198.51.100.9"), runner.email, "brand-new-pass-77")
    assert attempt("203.0.113.7", runner.email, "brand-new-pass-77") == 302
    assert attempt("198.51.100.10", runner.email, "brand-new-pass-77") == 302
    assert attempt("203.0.113.7", other_runner.email, OWNER_PASSWORD) == 429


@pytest.mark.django_db
def test_the_password_reset_pages_are_never_stored(runner: User) -> None:
    client = Client()
    assert client.get(RESET_URL)["Cache-Control"] == "no-store"
    sent = client.post(RESET_URL, {"email": runner.email})
    assert sent["Cache-Control"] == "no-store"
    assert client.get(DONE_URL)["Cache-Control"] == "no-store"
    link = re.search(r"https?://[^/]+(/\S+)", str(mail.outbox[-1].body))
    assert link
    confirm = client.get(link.group(1), follow=True)
    assert confirm.redirect_chain[0][0]
    assert client.get(confirm.redirect_chain[-1][0])["Cache-Control"] == "no-store"
    assert confirm["Cache-Control"] == "no-store"
    complete = client.get(reverse("accounts:password_reset_complete"))
    assert complete["Cache-Control"] == "no-store"
