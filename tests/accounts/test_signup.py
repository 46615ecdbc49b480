"""accounts:signup: email + password + explicit consent, all or nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runback.accounts.consent import CONSENT_VERSION
from runback.accounts.models import AuditEntry, Consent, Role, User

URL = reverse("accounts:signup")
GOOD = {"email": "New.Runner@Example.com", "password": "a-sore-back-2026", "consent": "on"}


@pytest.mark.django_db
def test_signup_page_shows_the_consent_text_in_danish(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "helbredsoplysninger" in body
    assert "erstatter ikke en behandler" in body


@pytest.mark.django_db
def test_signup_creates_runner_with_consent_and_logs_in(client: Client) -> None:
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.runner@example.com"
    assert user.role == Role.RUNNER
    assert user.check_password("a-sore-back-2026")
    consent = Consent.objects.get(user=user)
    assert consent.version == CONSENT_VERSION
    assert "helbredsoplysninger" in consent.text  # the words they saw, in Danish
    assert consent.withdrawn_at is None
    actions = set(AuditEntry.objects.filter(subject=user).values_list("action", flat=True))
    assert actions == {"accounts.user.created", "accounts.consent.given"}
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "data"),
    [
        ("consent", {**GOOD, "consent": ""}),
        ("email", {**GOOD, "email": "not-an-email"}),
        ("password", {**GOOD, "password": "short"}),
        ("password", {**GOOD, "password": "12345678901234"}),
        ("email", {**GOOD, "email": ""}),
    ],
)
def test_bad_signup_shows_a_field_error_and_stores_nothing(
    client: Client, field: str, data: dict[str, str]
) -> None:
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert User.objects.count() == 0
    assert Consent.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_signup_with_an_existing_email_in_other_case_is_refused(
    client: Client, runner: User
) -> None:
    response = client.post(URL, {**GOOD, "email": "RUNNER@example.com"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_logged_in_people_are_sent_home(runner_client: Client) -> None:
    assert runner_client.get(URL).status_code == 302
