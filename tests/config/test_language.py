"""set_language: the switch in the header, remembered in a cookie."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from runback.accounts.models import User


@pytest.mark.django_db
def test_switch_to_english_is_remembered(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Runback gives guidance and does not replace a clinician." in body
    client.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert '<html lang="da">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_danish(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="da">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_set_language_refuses_foreign_redirects(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_choice_is_saved_on_the_account_and_follows_the_person(
    runner_client: Client, runner: User
) -> None:
    runner_client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/"})
    runner.refresh_from_db()
    assert runner.language == "en"
    other_phone = Client()
    other_phone.force_login(runner)
    assert '<html lang="en">' in other_phone.get("/accounts/").content.decode()


@pytest.mark.django_db
def test_set_language_needs_post(client: Client) -> None:
    assert client.get("/i18n/setlang/").status_code == 405
