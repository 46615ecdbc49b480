"""Today offers to book an assessment under the recommendation to see a professional,
only when the runner's clinic can see them and has a free time: never a promise that
cannot be kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.assessments import services
from runback.assessments.models import Slot
from tests.assessments.conftest import at, client_for
from tests.histories import give_intake

pytestmark = pytest.mark.django_db
OFFER = "Book en vurdering hos din klinik"
BOOK_LINK = 'href="/assessments/"'


@pytest.fixture
def escalated(runner: User) -> Client:
    give_intake(runner, radiating_leg_pain=True)  # ESC-5: see a professional
    return client_for(runner)


def test_the_escalation_offers_a_booking_when_the_clinic_has_a_free_time(
    escalated: Client, slot: Slot
) -> None:
    page = escalated.get("/today/").content.decode()
    assert "card-escalation" in page
    assert OFFER in page


def test_no_offer_without_a_free_time(escalated: Client, clinician: User) -> None:
    page = escalated.get("/today/").content.decode()
    assert "card-escalation" in page
    assert OFFER not in page and BOOK_LINK not in page


def test_no_offer_when_only_another_clinic_has_times(
    escalated: Client, outside_clinician: User
) -> None:
    services.slot_create(clinician=outside_clinician, starts_at=at(2), minutes=30, place="")
    assert OFFER not in escalated.get("/today/").content.decode()


def test_no_offer_for_a_runner_without_a_clinic(clinician: User, slot: Slot) -> None:
    loner = user_create(email="loner@example.com", password=None)
    consent_give(user=loner, language="da")
    give_intake(loner, radiating_leg_pain=True)
    page = client_for(loner).get("/today/").content.decode()
    assert "card-escalation" in page and OFFER not in page


def test_a_booked_runner_sees_the_appointment_instead(
    escalated: Client, runner: User, slot: Slot
) -> None:
    services.booking_create(runner=runner, slot_id=slot.pk)
    page = escalated.get("/today/").content.decode()
    assert "Du har en tid" in page and OFFER not in page


def test_without_an_escalation_a_quiet_link_when_a_time_is_free(
    runner_with_plan_client: Client, slot: Slot
) -> None:
    page = runner_with_plan_client.get("/today/").content.decode()
    assert "card-escalation" not in page
    assert "Book en vurdering" in page and OFFER not in page


def test_without_anything_to_book_no_link(runner_with_plan_client: Client) -> None:
    assert BOOK_LINK not in runner_with_plan_client.get("/today/").content.decode()


def test_today_runs_a_bounded_number_of_extra_queries(
    escalated: Client, clinician: User, django_assert_max_num_queries: Any
) -> None:
    escalated.get("/today/")
    for day in range(2, 10):
        services.slot_create(clinician=clinician, starts_at=at(day), minutes=30, place="")
    # Today's own 5 for a runner who shares (see tests/rehab/test_today.py), 1 for the
    # "your clinic sees this" line in the escalation card, at most 3 for the offer:
    # the same with 8 free times as with 1.
    with django_assert_max_num_queries(9):
        escalated.get("/today/")
