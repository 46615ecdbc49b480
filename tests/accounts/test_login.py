"""accounts:login and accounts:logout, with django-axes throttling."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from runback.accounts.models import User
from runback.accounts.services import user_create

PASSWORD = "correct-horse-battery-staple"  # the personas' password (conftest.py)

URL = reverse("accounts:login")


@pytest.mark.django_db
def test_login_with_email_in_any_case(client: Client, runner: User) -> None:
    response = client.post(URL, {"username": "Runner@Example.COM", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == runner.pk


@pytest.mark.django_db
def test_wrong_password_shows_an_error(client: Client, runner: User) -> None:
    response = client.post(URL, {"username": runner.email, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_axes_locks_out_after_the_failure_limit(client: Client, runner: User) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert client.post(URL, {"username": runner.email, "password": "wrong"}).status_code == 200
    locked = client.post(URL, {"username": runner.email, "password": "wrong"})
    assert locked.status_code == 429
    assert "For mange forsøg" in locked.content.decode()
    # Even the right password is refused while locked out.
    again = client.post(URL, {"username": runner.email, "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_needs_post(runner_client: Client) -> None:
    assert runner_client.get(reverse("accounts:logout")).status_code == 405
    response = runner_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in runner_client.session


ADMIN_URL = reverse("admin:login")
VARIANTS = [
    "runner@example.com",
    "Runner@Example.com",
    "RUNNER@EXAMPLE.COM",
    " runner@example.COM ",
]


def _page(response: Any) -> str:
    """The page without its CSRF tokens (new random ones on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _attempt(client: Client, url: str, username: str, password: str, **extra: Any) -> Any:
    return client.post(url, {"username": username, "password": password}, **extra)


@pytest.mark.django_db
def test_case_variants_share_one_lockout_on_every_login_path(runner: User) -> None:
    """Site login and admin login, every spelling of the email: one failure count. Once
    locked, the right password gets exactly the answer a wrong one gets."""
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    paths = [URL, ADMIN_URL]
    for n in range(limit - 1):
        response = _attempt(client, paths[n % 2], VARIANTS[n % len(VARIANTS)], f"wrong-{n}")
        assert response.status_code == 200
    locked = _attempt(client, ADMIN_URL, "RUNNER@example.com", "wrong-again")
    assert locked.status_code == 429
    for url in paths:
        for variant in VARIANTS:
            right = _attempt(client, url, variant, PASSWORD)
            wrong = _attempt(client, url, variant, "still-wrong")
            assert right.status_code == wrong.status_code == 429, (url, variant)
            assert _page(right) == _page(wrong)
            assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_counts_a_runners_right_password_like_a_wrong_one(runner: User) -> None:
    """Otherwise the lockout would tell which guess was right: the right password of a
    runner (not staff) must not escape the count on /admin/login/."""
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    first_wrong = _attempt(client, ADMIN_URL, runner.email, "wrong")
    first_right = _attempt(client, ADMIN_URL, runner.email, PASSWORD)
    assert first_wrong.status_code == first_right.status_code == 200
    assert _page(first_wrong) == _page(first_right)
    for _ in range(limit - 3):
        assert _attempt(client, ADMIN_URL, runner.email, "wrong").status_code == 200
    assert _attempt(client, ADMIN_URL, runner.email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_log_in_to_the_admin_with_any_spelling_of_their_email(clinic: Any) -> None:
    user_create(email="boss@example.com", password=PASSWORD, clinic=clinic)
    User.objects.filter(email="boss@example.com").update(is_staff=True)
    client = Client()
    response = _attempt(client, ADMIN_URL, " Boss@Example.COM", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def _lock_out(client: Client, email: str, **extra: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, URL, email, "wrong", **extra)
    assert _attempt(client, URL, email, PASSWORD, **extra).status_code == 429


@pytest.mark.django_db
def test_a_lockout_from_one_address_does_not_stop_the_owner_on_another(runner: User) -> None:
    _lock_out(Client(), runner.email, REMOTE_ADDR="203.0.113.7")
    owner = Client()
    response = _attempt(owner, URL, runner.email, PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 302
    assert int(owner.session["_auth_user_id"]) == runner.pk


@pytest.mark.django_db
@override_settings(RUNBACK_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(runner: User) -> None:
    """Every request comes from the proxy (10.0.0.2); the attacker behind it is locked
    out, the owner behind the same proxy is not."""
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    _lock_out(Client(), runner.email, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    owner = Client()
    response = _attempt(
        owner, URL, runner.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy
    )
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("trusted", [[], ["10.0.0.0/8"]])
def test_a_forwarded_header_from_anyone_else_is_ignored(runner: User, trusted: list[str]) -> None:
    """Without trusted proxies, or from an address that is not one, X-Forwarded-For is the
    client's own word: changing it on every attempt does not escape the lockout."""
    client = Client()
    with override_settings(RUNBACK_TRUSTED_PROXIES=trusted):
        for n in range(settings.AXES_FAILURE_LIMIT):
            _attempt(
                client, URL, runner.email, "wrong",
                REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
            )  # fmt: skip
        locked = _attempt(
            client, URL, runner.email, PASSWORD,
            REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.200",
        )  # fmt: skip
    assert locked.status_code == 429


def _fail_from(address: str, email: str, times: int, url: str = URL) -> None:
    for n in range(times):
        response = _attempt(Client(), url, email, f"wrong-{n}", REMOTE_ADDR=address)
        assert response.status_code == 200, (address, n)


@pytest.mark.django_db
@override_settings(RUNBACK_LOGIN_ACCOUNT_LIMIT=12)
def test_an_account_has_a_ceiling_of_failures_from_all_addresses_together(
    runner: User, other_runner: User
) -> None:
    """Many addresses, each under its own lockout (4 < 5 failures), on the site and the
    admin login: after the account's ceiling no password is checked from anywhere, the
    right one gets the wrong one's answer, and another account is not affected."""
    assert settings.AXES_FAILURE_LIMIT > 4
    _fail_from("203.0.113.1", runner.email, 4)
    _fail_from("2001:db8:1::1", runner.email.upper(), 4, url=ADMIN_URL)
    _fail_from("203.0.113.3", runner.email, 4)
    for url in (URL, ADMIN_URL):
        client = Client(REMOTE_ADDR="198.51.100.200")
        right = _attempt(client, url, runner.email, PASSWORD)
        wrong = _attempt(client, url, runner.email, "wrong")
        assert right.status_code == wrong.status_code == 429
        assert _page(right) == _page(wrong)
        assert "_auth_user_id" not in client.session
    # Another account on the same addresses logs in.
    other = Client(REMOTE_ADDR="203.0.113.1")
    assert _attempt(other, URL, other_runner.email, PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(RUNBACK_LOGIN_ACCOUNT_LIMIT=4)
def test_the_account_ceiling_stops_password_checks_on_every_path(
    runner: User, runner_client: Client
) -> None:
    """Change password and delete account check the password too: counted, and refused."""
    _fail_from("203.0.113.1", runner.email, 2)
    _fail_from("203.0.113.2", runner.email, 2)
    new = "another-good-one-88"
    change = runner_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        REMOTE_ADDR="198.51.100.9",
    )
    assert change.status_code == 429
    delete = runner_client.post(
        reverse("accounts:delete"), {"password": PASSWORD}, REMOTE_ADDR="198.51.100.9"
    )
    assert delete.status_code == 429
    runner.refresh_from_db()
    assert runner.check_password(PASSWORD)


@pytest.mark.django_db
@override_settings(RUNBACK_LOGIN_ACCOUNT_LIMIT=3)
def test_wrong_passwords_on_change_password_count_towards_the_account_ceiling(
    runner: User, runner_client: Client
) -> None:
    for n in range(3):
        response = runner_client.post(
            reverse("accounts:password_change"),
            {"old_password": f"wrong-{n}", "new_password1": "x", "new_password2": "x"},
            REMOTE_ADDR=f"203.0.113.{n}",
        )
        assert response.status_code == 200
    response = _attempt(Client(), URL, runner.email, PASSWORD, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429


@pytest.mark.django_db
@override_settings(RUNBACK_LOGIN_ACCOUNT_LIMIT=3)
def test_the_account_ceiling_lasts_an_hour(runner: User) -> None:
    start = timezone.now()
    _fail_from("203.0.113.1", runner.email, 3)
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        owner = Client(REMOTE_ADDR="198.51.100.9")
        assert _attempt(owner, URL, runner.email, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        owner = Client(REMOTE_ADDR="198.51.100.9")
        assert _attempt(owner, URL, runner.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_account_ceiling_defaults_to_50_failures_an_hour() -> None:
    assert settings.RUNBACK_LOGIN_ACCOUNT_LIMIT == 50
    assert settings.RUNBACK_LOGIN_ACCOUNT_LIMIT > 5 * settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_an_ipv6_client_is_locked_out_by_its_64_network(runner: User) -> None:
    """Every address of one /64 shares one count (a connection has them all); the owner
    on another network still logs in."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        _attempt(Client(), URL, runner.email, "wrong", REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")
    locked = _attempt(Client(), URL, runner.email, PASSWORD, REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert locked.status_code == 429
    owner = Client()
    response = _attempt(owner, URL, runner.email, PASSWORD, REMOTE_ADDR="2001:db8:1:3::1")
    assert response.status_code == 302
