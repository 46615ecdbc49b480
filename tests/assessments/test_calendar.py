"""The calendar file a runner or clinician downloads (METHOD:PUBLISH, a plain import)."""

from __future__ import annotations

from datetime import UTC

import pytest
from django.test import Client
from icalendar import Calendar, vInt

from runback.accounts.models import User
from runback.assessments import services
from runback.assessments.models import Booking
from tests.assessments.conftest import client_for

pytestmark = pytest.mark.django_db


def _url(booking: Booking) -> str:
    return f"/assessments/{booking.pk}/calendar.ics"


def test_the_runner_downloads_the_event(runner_client: Client, booking: Booking) -> None:
    response = runner_client.get(_url(booking))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"assessment-{booking.uid}@runback"
    assert event.decoded("DTSTART") == booking.slot.starts_at.astimezone(UTC)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_after_a_cancellation_the_file_says_cancelled(
    clinician_client: Client, booking: Booking, clinician: User
) -> None:
    services.booking_cancel(actor=clinician, booking=booking)
    event = Calendar.from_ical(clinician_client.get(_url(booking)).content).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    sequence = event["SEQUENCE"]
    assert isinstance(sequence, vInt)  # the property's value type, for mypy
    assert int(sequence) == 1


def test_others_get_nothing(
    booking: Booking, second_runner: User, outside_clinician: User, anonymous_client: Client
) -> None:
    for user in (second_runner, outside_clinician):
        assert client_for(user).get(_url(booking)).status_code == 404
    assert anonymous_client.get(_url(booking)).status_code == 302
