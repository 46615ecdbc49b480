"""Email identity: a new runner's address is confirmed (a signed link that works once,
emailed at sign-up) before their consent counts; until then they see a page that asks for
it, with a rate-limited "send again". Addresses are normalised (IDNA, case, Unicode NFKC)
so one mailbox is one account, at sign-up, login and password reset; accounts from before
count as confirmed, and addresses two old accounts would share are reported, not merged."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests.conftest import PASSWORD

from runback.accounts.identity import email_duplicates, email_duplicates_check
from runback.accounts.models import AuditEntry, User, normalize_email
from runback.accounts.selectors import consent_is_current
from runback.accounts.services import consent_give, user_create
from runback.config.demo import demo_data_create

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
UNCONFIRMED = reverse("accounts:email_unconfirmed")
GOOD = {"email": "New.Runner@Example.com", "password": "a-sore-back-2026", "consent": "on"}
LINK = re.compile(r"http://testserver(/accounts/email/confirm/[^/\s]+/[^/\s]+/)")


def _sign_up(client: Client, **data: str) -> User:
    assert client.post(SIGNUP, {**GOOD, **data}).status_code == 302
    return User.objects.get(email=normalize_email(data.get("email", GOOD["email"])))


def _link(message: Any) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- normalisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("idn@bücher.dk", "idn@bücher.dk"),
        ("idn@xn--bcher-kva.dk", "idn@bücher.dk"),
        ("  IDN@BÜCHER.DK ", "idn@bücher.dk"),
        ("idn@bu\u0308cher.dk", "idn@bücher.dk"),  # decomposed ü (NFD)
        ("ｉｄｎ@ｂüｃｈｅｒ.ｄｋ", "idn@bücher.dk"),  # full-width (NFKC)
        ("Straße@Example.COM", "strasse@example.com"),  # case-folded
        ("plain@example.com", "plain@example.com"),
    ],
)
def test_one_spelling_per_mailbox(typed: str, stored: str) -> None:
    assert normalize_email(typed) == stored


def test_the_two_spellings_of_an_idn_address_are_one_account(client: Client) -> None:
    _sign_up(client, email="idn@bücher.dk")
    mail.outbox.clear()
    assert (
        Client(REMOTE_ADDR="192.0.2.3")
        .post(SIGNUP, {**GOOD, "email": "idn@xn--bcher-kva.dk"})
        .status_code
        == 302
    )
    assert User.objects.count() == 1
    assert User.objects.get().email == "idn@bücher.dk"
    # The owner is told somebody tried (the existing-address email); no second account.
    (message,) = mail.outbox
    assert message.to == ["idn@bücher.dk"] and "Velkommen" not in message.subject


def test_login_and_password_reset_accept_any_spelling(client: Client) -> None:
    user = user_create(email="idn@bücher.dk", password=PASSWORD)
    response = client.post(
        reverse("accounts:login"), {"username": "IDN@xn--BCHER-KVA.dk", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    mail.outbox.clear()
    Client().post(reverse("accounts:password_reset"), {"email": "idn@XN--bcher-kva.DK"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["idn@bücher.dk"]
    # Sent, the domain is encoded again (IDNA) for the mail server.
    assert "xn--bcher-kva.dk" in mail.outbox[0].message()["To"]


# --- confirmation -------------------------------------------------------------------------


def test_sign_up_sends_a_link_and_consent_counts_only_after_it(client: Client) -> None:
    user = _sign_up(client)
    assert user.email_confirmed_at is None
    assert not consent_is_current(user=user)  # consent given, but does not count yet
    (welcome,) = mail.outbox
    link = _link(welcome)
    runner = _logged_in(user)
    # Every page that stores or computes something asks for the confirmation first.
    for url in ("/", reverse("accounts:consent"), "/clinic/join/"):
        assert runner.get(url, follow=True).redirect_chain[-1][0] == UNCONFIRMED, url
    page = runner.get(UNCONFIRMED)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bekræft din e-mailadresse" in body and "new.runner@example.com" in body
    # The link confirms, once.
    confirmed = runner.get(link)
    assert confirmed.status_code == 302
    user.refresh_from_db()
    assert user.email_confirmed_at is not None
    assert consent_is_current(user=user)
    assert AuditEntry.objects.filter(subject=user, action="accounts.email.confirmed").count() == 1
    assert runner.get(UNCONFIRMED).status_code == 302  # nothing more to confirm
    again = Client().get(link)
    assert again.status_code == 400
    assert "Linket virker ikke" in again.content.decode()
    assert AuditEntry.objects.filter(subject=user, action="accounts.email.confirmed").count() == 1


def test_the_link_works_without_being_logged_in(client: Client) -> None:
    user = _sign_up(client)
    response = Client().get(_link(mail.outbox[0]))
    assert response.status_code == 200
    assert "Din e-mailadresse er bekræftet" in response.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed


@pytest.mark.parametrize(
    "mangle",
    [
        lambda link: link.replace("/confirm/", "/confirm/x"),  # another uid
        lambda link: link[:-4] + "abc/",  # another token
        lambda link: "/accounts/email/confirm/MTAwMDA/abc-def/",  # nobody
        lambda link: "/accounts/email/confirm/%ff%fe/abc-def/",  # not base64 text
    ],
)
def test_an_altered_link_confirms_nothing(client: Client, mangle: Any) -> None:
    user = _sign_up(client)
    response = Client().get(mangle(_link(mail.outbox[0])))
    assert response.status_code in (400, 404)
    user.refresh_from_db()
    assert not user.email_confirmed


def test_a_link_for_an_earlier_address_does_not_confirm_a_changed_one(client: Client) -> None:
    user = _sign_up(client)
    link = _link(mail.outbox[0])
    User.objects.filter(pk=user.pk).update(email="changed@example.com")
    assert Client().get(link).status_code == 400
    user.refresh_from_db()
    assert not user.email_confirmed


def test_send_again_is_rate_limited(client: Client) -> None:
    user = _sign_up(client)
    mail.outbox.clear()
    runner = _logged_in(user)
    limit = settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL_AND_CLIENT
    for _ in range(limit):
        assert runner.post(UNCONFIRMED).status_code == 302
    refused = runner.post(UNCONFIRMED)
    assert refused.status_code == 429
    assert "flere gange" in refused.content.decode()
    assert len(mail.outbox) == limit
    assert mail.outbox[0].subject == "Bekræft din e-mailadresse hos Runback"
    # Each link works (the latest too), once.
    assert Client().get(_link(mail.outbox[-1])).status_code == 200
    assert Client().get(_link(mail.outbox[0])).status_code == 400


def test_accounts_made_by_staff_or_the_demo_count_as_confirmed() -> None:
    user = user_create(email="made@example.com", password=None)
    consent_give(user=user)
    assert user.email_confirmed and consent_is_current(user=user)
    demo_data_create()
    assert User.objects.filter(email__endswith="@demo.runback.dk").exists()
    assert not User.objects.filter(email_confirmed_at__isnull=True).exists()


# --- data migrations ----------------------------------------------------------------------


def _migration(name: str) -> Any:
    return importlib.import_module(f"runback.accounts.migrations.{name}")


def test_existing_accounts_are_treated_as_confirmed() -> None:
    old = user_create(email="old@example.com", password=None, email_confirmed=False)
    joined = timezone.now().replace(microsecond=0) - timedelta(days=30)
    User.objects.filter(pk=old.pk).update(date_joined=joined)
    _migration("0005_user_email_confirmed_at").existing_accounts_are_confirmed(django_apps, None)
    old.refresh_from_db()
    assert old.email_confirmed_at == joined


def test_old_spellings_are_normalised_and_shared_mailboxes_reported_not_merged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # As older versions stored them (lower-cased only): bypass the manager's normalising.
    rows = {
        "idn@bücher.dk": "idn@bücher.dk",
        "idn@xn--bcher-kva.dk": "idn@xn--bcher-kva.dk",
        "alone@xn--bcher-kva.dk": "alone@bücher.dk",
        "strasse@example.com": "strasse@example.com",
        "straße@example.com": "straße@example.com",
        "plain@example.com": "plain@example.com",
    }
    users: dict[str, int] = {}
    for email in rows:
        user = user_create(email=f"tmp{len(users)}@example.com", password=None)
        User.objects.filter(pk=user.pk).update(email=email)
        users[email] = user.pk
    assert email_duplicates(User.objects.values_list("pk", "email")) == {
        "idn@bücher.dk": sorted([users["idn@bücher.dk"], users["idn@xn--bcher-kva.dk"]]),
        "strasse@example.com": sorted([users["strasse@example.com"], users["straße@example.com"]]),
    }
    warnings = email_duplicates_check()
    assert [w.id for w in warnings] == ["runback.accounts.W001"] * 2
    assert all("@" not in w.msg for w in warnings)  # ids, never an address
    _migration("0006_normalise_emails").normalise(django_apps, None)
    after = dict(User.objects.filter(pk__in=users.values()).values_list("pk", "email"))
    for typed, expected in rows.items():
        assert after[users[typed]] == expected  # shared ones unchanged, the lone one moved
    assert "4 accounts share an email address" in capsys.readouterr().out
    assert User.objects.count() == len(rows)  # nothing merged or deleted
