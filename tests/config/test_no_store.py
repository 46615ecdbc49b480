"""NoStoreMiddleware: nothing a logged-in person sees is kept by a browser or a proxy."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.conftest import PASSWORD

from runback.accounts.models import User


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["home", "rehab:today", "rehab:history", "rehab:progress", "rehab:export", "accounts:account"],
)
def test_private_pages_are_never_stored(runner_with_plan_client: Client, name: str) -> None:
    response = runner_with_plan_client.get(reverse(name))
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_a_missing_page_for_a_logged_in_person_is_not_stored(runner_client: Client) -> None:
    response = runner_client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_logging_in_and_out_is_not_stored(client: Client, runner: User) -> None:
    login = client.post(reverse("accounts:login"), {"username": runner.email, "password": PASSWORD})
    assert login.status_code == 302
    assert login["Cache-Control"] == "no-store"
    logout = client.post(reverse("accounts:logout"))
    assert logout["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_public_pages_and_static_files_keep_their_own_headers(client: Client) -> None:
    for url in ("/", reverse("content:index")):
        assert "no-store" not in client.get(url).get("Cache-Control", ""), url
    static = client.get("/static/runback/runback.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


@pytest.mark.django_db
def test_visitor_pages_that_show_an_email_are_never_stored(client: Client) -> None:
    """Not logged in, but the email is on the page: the sign-up form sent back with an
    error, "check your email", and the login page with the email filled in."""
    signup = reverse("accounts:signup")
    assert client.get(signup)["Cache-Control"] == "no-store"
    refused = client.post(signup, {"email": "new.runner@example.com", "password": "x"})
    assert refused.status_code == 200
    assert refused["Cache-Control"] == "no-store"
    client.post(
        signup, {"email": "new.runner@example.com", "password": "a-sore-back-2026", "consent": "on"}
    )
    done = client.get(reverse("accounts:signup_done"))
    assert "new.runner@example.com" in done.content.decode()
    assert done["Cache-Control"] == "no-store"
    login = client.get(reverse("accounts:login"))
    assert 'value="new.runner@example.com"' in login.content.decode()
    assert login["Cache-Control"] == "no-store"
    wrong = client.post(
        reverse("accounts:login"), {"username": "new.runner@example.com", "password": "wrong"}
    )
    assert wrong.status_code == 200
    assert wrong["Cache-Control"] == "no-store"
