"""csrf_failure (settings.CSRF_FAILURE_VIEW): a form that fails the CSRF check gets our page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from runback.accounts.models import User


def _post_without_token(client: Client) -> str:
    response = client.post(reverse("accounts:login"), {"username": "a@example.com"})
    assert response.status_code == 403
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "DEBUG" not in body
    assert "CSRF" not in body
    assert 'class="site-header"' in body  # our layout, not Django's plain page
    return body


@pytest.mark.django_db
def test_a_failed_csrf_check_shows_our_page_in_danish() -> None:
    body = _post_without_token(Client(enforce_csrf_checks=True))
    assert '<html lang="da">' in body
    assert "Formularen kunne ikke sendes" in body
    assert "Gå tilbage, genindlæs siden, og prøv igen." in body


@pytest.mark.django_db
def test_a_failed_csrf_check_shows_our_page_in_english() -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _post_without_token(client)
    assert '<html lang="en">' in body
    assert "The form could not be sent" in body
    assert "Go back, reload the page and try again." in body


@pytest.mark.django_db
def test_a_logged_in_person_keeps_their_header(runner: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(runner)
    response = client.post(reverse("accounts:delete"), {"password": "x"})
    assert response.status_code == 403
    assert runner.email in response.content.decode()  # "logged in as"
    assert User.objects.filter(pk=runner.pk).exists()
