"""accounts:login and accounts:logout, with django-axes throttling."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from runback.accounts.models import User

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
