"""accounts:consent and accounts:consent_withdraw."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from tests.histories import log_run
from tests.rehab.helpers import pains, stored

from runback.accounts.consent import consent_text
from runback.accounts.models import Consent, User
from runback.accounts.selectors import consent_current
from runback.accounts.services import user_create
from runback.common.clock import today
from runback.rehab.models import Snapshot


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("accounts:consent"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_consent_page_records_consent_once(client: Client) -> None:
    user = user_create(email="late@example.com", password=None)
    client.force_login(user)
    assert client.post(reverse("accounts:consent"), {}).status_code == 200  # unticked: error
    assert not Consent.objects.filter(user=user).exists()
    assert client.post(reverse("accounts:consent"), {"consent": "on"}).status_code == 302
    assert client.post(reverse("accounts:consent"), {"consent": "on"}).status_code == 302
    assert Consent.objects.filter(user=user).count() == 1


WITHDRAW = reverse("accounts:consent_withdraw")


def _withdraw(client: Client) -> None:
    response = client.post(WITHDRAW, {"confirm": "withdraw"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_withdraw_consent_asks_first(runner_client: Client, runner: User) -> None:
    page = runner_client.get(WITHDRAW)
    assert page.status_code == 200
    body = page.content.decode()
    # It says what stops, what stays available and how to erase everything.
    assert "Runback gemmer ingen nye helbredsoplysninger om dig" in body
    assert "Du kan stadig se din historik og din fremgang og hente alle dine data." in body
    assert reverse("accounts:delete") in body
    assert consent_current(user=runner) is not None
    # A POST without the confirmation button changes nothing either.
    assert runner_client.post(WITHDRAW, {}).status_code == 200
    assert consent_current(user=runner) is not None

    response = runner_client.post(WITHDRAW, {"confirm": "withdraw"})
    assert response["Location"] == reverse("accounts:account")
    assert consent_current(user=runner) is None
    assert runner.audit_entries.filter(action="accounts.consent.withdrawn").exists()
    account = runner_client.get(response["Location"]).content.decode()
    assert "Dit samtykke er trukket tilbage" in account
    assert reverse("rehab:export") in account


@pytest.mark.django_db
def test_account_page_links_to_the_confirmation_not_a_one_tap_form(
    runner_client: Client,
) -> None:
    body = runner_client.get(reverse("accounts:account")).content.decode()
    assert f'href="{WITHDRAW}"' in body
    assert f'action="{WITHDRAW}"' not in body


@pytest.mark.django_db
def test_withdraw_without_consent_goes_to_the_account_page(runner_client: Client) -> None:
    _withdraw(runner_client)
    assert runner_client.get(WITHDRAW)["Location"] == reverse("accounts:account")


@pytest.mark.django_db
def test_after_withdrawal_own_data_stays_available(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    log_run(runner_with_plan, days_ago=1)
    _withdraw(runner_with_plan_client)
    for name in ("rehab:history", "rehab:progress", "rehab:export"):
        response = runner_with_plan_client.get(reverse(name))
        assert response.status_code == 200, name
    export = json.loads(runner_with_plan_client.get(reverse("rehab:export")).content)
    assert [e["type"] for e in export["events"]] == ["run"]
    assert export["consents"][0]["withdrawn_at"]


@pytest.mark.django_db
def test_after_withdrawal_nothing_new_is_stored_or_computed(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    log_run(runner_with_plan, days_ago=1)
    _withdraw(runner_with_plan_client)
    # A snapshot from an earlier day would be recomputed by Today: history must not.
    Snapshot.objects.filter(runner=runner_with_plan).update(as_of=today() - timedelta(days=3))
    before = stored(runner_with_plan)
    consent_url = reverse("accounts:consent")
    for name in (
        "rehab:today",
        "rehab:intake",
        "rehab:checkin_session",
        "rehab:checkin_followup",
        "rehab:checkin_strength",
        "rehab:checkin_status",
        "rehab:symptoms",
    ):
        assert runner_with_plan_client.get(reverse(name))["Location"] == consent_url, name
    response = runner_with_plan_client.post(
        reverse("rehab:checkin_session"),
        {"type": "walk", "date": today().isoformat(), "walk_min": 20, **pains()},
    )
    assert response["Location"] == consent_url
    runner_with_plan_client.get(reverse("rehab:history"))
    runner_with_plan_client.get(reverse("rehab:progress"))
    runner_with_plan_client.get(reverse("rehab:export"))
    assert stored(runner_with_plan) == before
    snapshot = Snapshot.objects.get(runner=runner_with_plan)
    assert snapshot.as_of == today() - timedelta(days=3)


@pytest.mark.django_db
def test_consent_page_after_withdrawal_says_what_is_still_available(
    runner_client: Client,
) -> None:
    _withdraw(runner_client)
    body = runner_client.get(reverse("accounts:consent")).content.decode()
    assert "Du trak dit samtykke tilbage den" in body
    for name in ("rehab:history", "rehab:progress", "rehab:export", "accounts:delete"):
        assert reverse(name) in body, name


@pytest.mark.django_db
def test_giving_consent_again_opens_today(runner_client: Client, runner: User) -> None:
    _withdraw(runner_client)
    runner_client.post(reverse("accounts:consent"), {"consent": "on"})
    assert consent_current(user=runner) is not None
    assert runner.consents.count() == 2  # the withdrawn one stays, as it was given


@pytest.mark.parametrize("language", ["da", "en"])
def test_consent_text_promises_nothing_the_product_does_not_do(language: str) -> None:
    with translation.override(language):
        text = consent_text().lower()
    for promise in ("clinicians there can see", "klinikken kan også se", "book", "alert you"):
        assert promise not in text
    # Clinicians see the record, and are alerted, only when the person shares with a
    # clinic (runback.clinic); the text says so, and that without sharing nobody is told.
    if language == "en":
        assert "no clinician sees them unless you choose to share" in text
        assert "if you do not share, nobody is alerted" in text
        assert "ends any sharing with a clinic" in text
        assert "your own report" in text
    else:
        assert "ingen behandler ser dem, medmindre du selv vælger at dele" in text
        assert "deler du ikke, får ingen besked" in text
        assert "stopper al deling med en klinik" in text
        assert "din egen oplysning" in text
