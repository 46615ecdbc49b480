"""Before the appointment: the clinician reads the runner's summary, and it is logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from runback.accounts.models import AuditEntry, User
from runback.assessments import services
from runback.assessments.models import Booking
from tests.assessments.conftest import at, client_for
from tests.histories import give_intake, log_run

pytestmark = pytest.mark.django_db


def _url(booking: Booking) -> str:
    return f"/assessments/clinic/bookings/{booking.pk}/"


@pytest.fixture
def escalated_booking(runner: User, clinician: User) -> Booking:
    give_intake(runner, radiating_leg_pain=True)  # ESC-5
    log_run(runner, days_ago=0, pain=2)
    slot = services.slot_create(clinician=clinician, starts_at=at(2), minutes=30, place="")
    return services.booking_create(runner=runner, slot_id=slot.pk, note="Benet")


def test_the_clinician_sees_phase_zones_flags_and_reasons(
    clinician_client: Client, escalated_booking: Booking, runner: User, clinician: User
) -> None:
    page = clinician_client.get(_url(escalated_booking)).content.decode()
    assert "Rita Runner" in page and "Benet" in page
    assert "Fase 1" in page  # phase and step
    assert "zone-provisional" in page  # the last session's zone
    assert "ESC-5" in page  # the reason, with its rule ID for clinicians
    assert "Ingen åbne" in page  # no red flag open
    entry = AuditEntry.objects.get(subject=runner, action="assessments.summary.viewed")
    assert entry.actor == clinician and entry.data == {"booking": escalated_booking.pk}


def test_without_an_intake_it_says_so(clinician_client: Client, booking: Booking) -> None:
    assert "ikke gjort den første udspørgen færdig" in (
        clinician_client.get(_url(booking)).content.decode()
    )


def test_others_are_refused_and_nothing_is_logged(
    booking: Booking, runner_client: Client, outside_clinician: User, anonymous_client: Client
) -> None:
    assert runner_client.get(_url(booking)).status_code == 403
    assert client_for(outside_clinician).get(_url(booking)).status_code == 404
    assert anonymous_client.get(_url(booking)).status_code == 302
    assert not AuditEntry.objects.filter(action="assessments.summary.viewed").exists()


def test_query_count_does_not_grow_with_history(
    clinician_client: Client,
    escalated_booking: Booking,
    runner: User,
    django_assert_max_num_queries: Any,
) -> None:
    for days in range(2, 20, 2):
        log_run(runner, days_ago=days, pain=2)
    with django_assert_max_num_queries(12):
        assert clinician_client.get(_url(escalated_booking)).status_code == 200
