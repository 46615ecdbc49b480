"""Both sides get an email in their own language with a calendar invitation: REQUEST on
booking and move, CANCEL on cancellation, one UID throughout, SEQUENCE one higher at
every change. The attachment is parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from django.core import mail
from icalendar import Calendar

from runback.accounts.models import User
from runback.assessments import services
from runback.assessments.models import Booking, Slot
from tests.assessments.conftest import at

pytestmark = pytest.mark.django_db


def _invitation(message: Any) -> tuple[Calendar, str]:
    """The calendar attached to an email, and its Content-Type header."""
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True)), part["Content-Type"]
    raise AssertionError("no calendar attached")


def _event(calendar: Calendar) -> Any:
    return calendar.walk("VEVENT")[0]


def _to(address: str) -> list[Any]:
    return [m for m in mail.outbox if m.to == [address]]


def test_booking_emails_both_sides_with_a_request(
    runner: User,
    clinician: User,
    slot: Slot,
    django_capture_on_commit_callbacks: Any,
) -> None:
    clinician.language = "en"
    clinician.save()
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(runner=runner, slot_id=slot.pk)
    assert len(mail.outbox) == 2
    (to_runner,) = _to(runner.email)
    (to_clinician,) = _to(clinician.email)
    assert "Vurdering booket" in to_runner.subject
    assert "Assessment booked" in to_clinician.subject
    assert "Rita Runner" in to_clinician.body  # the clinician learns who booked
    for message in (to_runner, to_clinician):
        calendar, content_type = _invitation(message)
        assert "method=REQUEST" in content_type.replace('"', "")
        assert calendar["METHOD"] == "REQUEST"
        event = _event(calendar)
        assert str(event["UID"]) == f"assessment-{booking.uid}@runback"
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == slot.starts_at.astimezone(UTC)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
        assert str(event["LOCATION"]) == "Klinikken, rum 2"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["ORGANIZER"]) == f"mailto:{clinician.email}"
        assert str(event["ATTENDEE"]) == f"mailto:{runner.email}"
    assert "Vurdering" in str(_event(_invitation(to_runner)[0])["SUMMARY"])
    assert "Assessment" in str(_event(_invitation(to_clinician)[0])["SUMMARY"])


def test_the_time_in_the_email_is_copenhagen_time_in_words(
    runner: User, clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    slot = services.slot_create(clinician=clinician, starts_at=at(3, 9, 30), minutes=45, place="")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(runner=runner, slot_id=slot.pk)
    (to_runner,) = _to(runner.email)
    assert "kl. 09:30" in to_runner.body
    assert "45 minutter" in to_runner.body


def test_moving_sends_a_request_with_the_same_uid_and_a_higher_sequence(
    booking: Booking, runner: User, clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    later = services.slot_create(clinician=clinician, starts_at=at(6), minutes=30, place="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_reschedule(actor=runner, booking=booking, slot_id=later.pk)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        calendar, _type = _invitation(message)
        event = _event(calendar)
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == f"assessment-{booking.uid}@runback"
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == later.starts_at.astimezone(UTC)
    assert "flyttet" in _to(runner.email)[0].subject


def test_moving_to_another_clinician_cancels_it_for_the_first(
    booking: Booking,
    runner: User,
    clinician: User,
    clinic: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from runback.accounts.models import Role
    from runback.accounts.services import user_create

    colleague = user_create(
        email="colleague@example.com", password=None, role=Role.CLINICIAN, clinic=clinic
    )
    later = services.slot_create(clinician=colleague, starts_at=at(6), minutes=30, place="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_reschedule(actor=runner, booking=booking, slot_id=later.pk)
    assert _invitation(_to(colleague.email)[0])[0]["METHOD"] == "REQUEST"
    cancel = _invitation(_to(clinician.email)[0])[0]
    assert cancel["METHOD"] == "CANCEL"
    assert int(_event(cancel)["SEQUENCE"]) == 1


def test_cancelling_sends_a_cancel_to_both(
    booking: Booking, clinician: User, runner: User, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=clinician, booking=booking)
    assert {m.to[0] for m in mail.outbox} == {runner.email, clinician.email}
    for message in mail.outbox:
        calendar, content_type = _invitation(message)
        assert calendar["METHOD"] == "CANCEL"
        assert "method=CANCEL" in content_type.replace('"', "")
        event = _event(calendar)
        assert str(event["UID"]) == f"assessment-{booking.uid}@runback"
        assert int(event["SEQUENCE"]) == 1
        assert str(event["STATUS"]) == "CANCELLED"
    assert "aflyst" in _to(runner.email)[0].body


def test_nothing_is_sent_when_the_booking_is_refused(
    booking: Booking, second_runner: User, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.AssessmentError):
        services.booking_create(runner=second_runner, slot_id=booking.slot_id)
    assert mail.outbox == []
