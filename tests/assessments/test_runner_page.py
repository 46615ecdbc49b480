"""The runner's assessment page: their appointment, or the free times of their clinic."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from runback.accounts.models import User
from runback.assessments import services
from runback.assessments.models import Booking, Slot
from tests.assessments.conftest import at

pytestmark = pytest.mark.django_db
URL = "/assessments/"


def test_lists_the_free_times_of_the_runners_clinic(
    runner_client: Client, slot: Slot, outside_clinician: User
) -> None:
    services.slot_create(
        clinician=outside_clinician, starts_at=at(4), minutes=30, place="Andet sted"
    )
    page = runner_client.get(URL).content.decode()
    assert f"/assessments/book/{slot.pk}/" in page
    assert "Klinikken, rum 2" in page
    assert "Andet sted" not in page  # a clinician who cannot see the runner
    assert "10:00" in page


def test_says_so_when_nothing_can_be_booked(runner_client: Client) -> None:
    page = runner_client.get(URL).content.decode()
    assert "ingen ledige tider" in page


def test_shows_the_appointment_with_its_actions(runner_client: Client, booking: Booking) -> None:
    page = runner_client.get(URL).content.decode()
    assert f"/assessments/{booking.pk}/calendar.ics" in page
    assert f"/assessments/{booking.pk}/move/" in page
    assert f"/assessments/{booking.pk}/cancel/" in page


@pytest.mark.time_machine("2026-12-01 12:00 +01:00")
def test_within_the_notice_the_runner_is_told_to_call(runner: User, clinician: User) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    starts = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    slot = services.slot_create(clinician=clinician, starts_at=starts, minutes=30, place="")
    booking = services.booking_create(runner=runner, slot_id=slot.pk)
    client = Client()
    client.force_login(runner)
    page = client.get(URL).content.decode()
    assert "Ring til klinikken" in page
    assert f"/assessments/{booking.pk}/cancel/" not in page


def test_clinicians_and_anonymous_are_refused(
    clinician_client: Client, anonymous_client: Client
) -> None:
    assert clinician_client.get(URL).status_code == 403
    assert anonymous_client.get(URL)["Location"].startswith("/accounts/login/")


def test_query_count_does_not_grow_with_slots(
    runner_client: Client, clinician: User, django_assert_max_num_queries: Any
) -> None:
    for day in range(2, 12):
        services.slot_create(clinician=clinician, starts_at=at(day), minutes=30, place="")
    with django_assert_max_num_queries(12):
        assert runner_client.get(URL).status_code == 200
