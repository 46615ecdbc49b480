"""accounts:signup: email + password + explicit consent, all or nothing."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from runback.accounts.consent import CONSENT_VERSION
from runback.accounts.models import AuditEntry, Consent, Role, User

URL = reverse("accounts:signup")
DONE_URL = reverse("accounts:signup_done")
GOOD = {"email": "New.Runner@Example.com", "password": "a-sore-back-2026", "consent": "on"}


@pytest.mark.django_db
def test_signup_page_shows_the_consent_text_in_danish(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "helbredsoplysninger" in body
    assert "erstatter ikke en behandler" in body


@pytest.mark.django_db
def test_signup_creates_runner_with_consent_without_logging_in(client: Client) -> None:
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
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
    # Not logged in: being logged in would tell a new address from a known one.
    assert "_auth_user_id" not in client.session


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
def test_signup_with_an_existing_email_in_other_case_changes_nothing(
    client: Client, runner: User
) -> None:
    """No second account, no new password, no login; and no "already an account" error
    (it would tell anyone that this person uses a back-pain app). The owner is told by email."""
    password_before = runner.password
    response = client.post(URL, {**GOOD, "email": " RUNNER@example.com"})
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    assert User.objects.count() == 1
    runner.refresh_from_db()
    assert runner.password == password_before
    assert Consent.objects.filter(user=runner).count() == 1
    assert "_auth_user_id" not in client.session
    body = client.get(DONE_URL).content.decode()
    assert "already" not in body and "allerede" not in body


@pytest.mark.django_db
def test_the_owner_of_an_existing_account_gets_an_email_in_their_language(
    client: Client, runner: User
) -> None:
    runner.language = "en"
    runner.save(update_fields=["language"])
    client.post(URL, {**GOOD, "email": "Runner@Example.com"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["runner@example.com"]
    assert "Someone tried to create a Runback account with this email address" in message.body
    assert "http://testserver/accounts/login/" in message.body
    assert "http://testserver/accounts/password/reset/" in message.body
    assert "a-sore-back-2026" not in message.body


@pytest.mark.django_db
def test_a_new_runner_gets_a_welcome_email_in_danish(client: Client) -> None:
    client.post(URL, GOOD)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.runner@example.com"]
    assert message.subject == "Velkommen til Runback"
    assert "http://testserver/accounts/login/" in message.body
    assert "a-sore-back-2026" not in message.body


def _no_csrf(html: str) -> str:
    """The page without its CSRF tokens (random on every page)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


@pytest.mark.django_db
def test_a_new_and_a_known_address_get_the_same_answer(runner: User) -> None:
    """To an outsider the answers are the same: the same redirect, the same cookies, the
    same "check your email" page (only the address differs), and neither is logged in, so
    the pages after it are the same too."""
    new_client, known_client = Client(), Client()
    new = new_client.post(URL, GOOD)
    known = known_client.post(URL, {**GOOD, "email": "runner@example.com"})
    assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
    assert sorted(new.cookies) == sorted(known.cookies) == ["csrftoken", "sessionid"]
    assert new.content == known.content
    assert "_auth_user_id" not in new_client.session
    assert "_auth_user_id" not in known_client.session
    new_page = _no_csrf(new_client.get(DONE_URL).content.decode())
    known_page = _no_csrf(known_client.get(DONE_URL).content.decode())
    assert "new.runner@example.com" in new_page
    # The whole page, header ("Log in", not "Logged in as ...") and footer included.
    assert new_page.replace("new.runner@example.com", "runner@example.com") == known_page
    assert "Tjek din e-mail" in new_page
    assert "Log ud" not in new_page
    for path in ("/", reverse("accounts:login")):
        new_next, known_next = new_client.get(path), known_client.get(path)
        assert (new_next.status_code, new_next.get("Location")) == (
            known_next.status_code,
            known_next.get("Location"),
        )


@pytest.mark.django_db
def test_the_sent_page_says_an_email_is_coming_and_links_to_the_login(client: Client) -> None:
    client.post(URL, GOOD)
    body = client.get(DONE_URL).content.decode()
    main = _main(body)
    assert "Der er en e-mail på vej til <strong>new.runner@example.com</strong>" in main
    assert "den adgangskode, du lige har valgt" in main
    assert f'href="{reverse("accounts:login")}"' in main


@pytest.mark.django_db
def test_a_new_runner_logs_in_with_the_email_filled_in_and_goes_on_to_the_intake(
    client: Client,
) -> None:
    client.post(URL, GOOD)
    login_page = client.get(reverse("accounts:login"))
    assert login_page.context["form"].initial["username"] == "new.runner@example.com"
    assert 'value="new.runner@example.com"' in login_page.content.decode()
    response = client.post(
        reverse("accounts:login"),
        {"username": "new.runner@example.com", "password": GOOD["password"]},
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk
    assert client.get("/", follow=True).redirect_chain[-1][0] != "/"  # on to Today / intake


@pytest.mark.django_db
def test_a_known_address_gets_the_same_login_page_and_the_old_password_only(
    client: Client, runner: User
) -> None:
    client.post(URL, {**GOOD, "email": "runner@example.com"})
    login_page = client.get(reverse("accounts:login"))
    assert login_page.context["form"].initial["username"] == "runner@example.com"
    client.post(
        reverse("accounts:login"),
        {"username": "runner@example.com", "password": GOOD["password"]},
    )
    assert "_auth_user_id" not in client.session  # the password typed at sign-up is not it


@pytest.mark.django_db
def test_the_sent_page_without_a_sign_up_goes_back_to_the_form(client: Client) -> None:
    response = client.get(DONE_URL)
    assert response.status_code == 302
    assert response["Location"] == URL


@pytest.mark.django_db
def test_repeated_sign_ups_with_a_known_address_send_a_few_emails_only(
    client: Client, runner: User
) -> None:
    answers = {
        client.post(URL, {**GOOD, "email": "runner@example.com"})["Location"] for _ in range(6)
    }
    assert answers == {DONE_URL}
    # One client asking again and again: the per-(email, client) limit.
    assert len(mail.outbox) == settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL_AND_CLIENT


@pytest.mark.django_db
def test_logged_in_people_are_sent_home(runner_client: Client) -> None:
    assert runner_client.get(URL).status_code == 302


@pytest.mark.django_db
def test_sign_ups_from_one_client_are_limited_new_and_known_alike(
    client: Client, runner: User
) -> None:
    limit = settings.RUNBACK_SIGNUPS_PER_HOUR_PER_ADDRESS
    for n in range(limit - 1):
        assert client.post(URL, {**GOOD, "email": f"new{n}@example.com"}).status_code == 302
    assert client.post(URL, {**GOOD, "email": "runner@example.com"}).status_code == 302
    created = User.objects.count()
    for email in ("another@example.com", "runner@example.com"):
        refused = client.post(URL, {**GOOD, "email": email})
        assert refused.status_code == 429
        assert "For mange tilmeldinger" in refused.content.decode()
    assert User.objects.count() == created
    # Another client is not held back.
    assert Client(REMOTE_ADDR="192.0.2.9").post(URL, GOOD).status_code == 302
