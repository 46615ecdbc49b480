"""A clinician who deletes their account: each upcoming booking with them is cancelled
properly (the runner gets the CANCEL invitation through the usual task, and the record
says so), their free times are withdrawn, and no task row names them afterwards."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from runback.accounts.models import AuditEntry, ErasedBy, User
from runback.accounts.services_erasure import user_delete
from runback.assessments.models import Booking, Slot
from runback.assessments.services import CLINICIAN_ERASED, booking_create, slot_create
from tests.assessments.conftest import at
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _cancel_event(message: Any) -> Any:
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar":
            calendar = Calendar.from_ical(part.get_payload(decode=True))
            assert calendar["METHOD"] == "CANCEL"
            return calendar.walk("VEVENT")[0]
    raise AssertionError("no calendar attached")


def test_deleting_a_clinician_cancels_their_upcoming_bookings_with_a_cancel_email(
    booking: Booking,
    clinician: User,
    runner: User,
    slot: Slot,
    django_capture_on_commit_callbacks: Any,
) -> None:
    free = slot_create(clinician=clinician, starts_at=at(5), minutes=30, place="")
    mail.outbox.clear()
    client = Client()
    client.force_login(clinician)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="clinician@example.com").exists()
    # The runner is told: one CANCEL invitation, same UID, one higher SEQUENCE.
    assert [m.to for m in mail.outbox] == [[runner.email]]
    event = _cancel_event(mail.outbox[0])
    assert str(event["UID"]) == f"assessment-{booking.uid}@runback"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert "clinician@example.com" not in mail.outbox[0].message().as_string()
    assert "aflyst" in mail.outbox[0].body
    # The booking stays cancelled (the runner's record and calendar need it); the slots
    # keep no trace of the clinician, and the free one can no longer be booked.
    booking.refresh_from_db()
    assert booking.cancelled_at is not None and booking.cancelled_by is None
    assert set(Slot.objects.values_list("clinician_id", flat=True)) == {None}
    free.refresh_from_db()
    assert free.withdrawn_at is not None
    # Audited on the runner's record, saying why.
    entry = AuditEntry.objects.get(subject=runner, action="assessments.booking.cancelled")
    assert entry.data["reason"] == CLINICIAN_ERASED and entry.data["booking"] == booking.pk
    # The runner can book again (no live booking left) and sees no error.
    runner_client = Client()
    runner_client.force_login(runner)
    assert runner_client.get("/assessments/").status_code == 200


def test_an_appointment_that_has_begun_is_left_alone(
    clinician: User, runner: User, time_machine: Any
) -> None:
    slot = slot_create(clinician=clinician, starts_at=at(1), minutes=30, place="")
    booking = booking_create(runner=runner, slot_id=slot.pk)
    time_machine.move_to(at(1, 10, 10), tick=False)
    user_delete(user=clinician, erased_by=ErasedBy.SELF)
    booking.refresh_from_db()
    assert booking.cancelled_at is None
    assert not AuditEntry.objects.filter(action="assessments.booking.cancelled").exists()


def test_deleting_a_runner_leaves_the_clinicians_bookings_with_others(
    booking: Booking, clinician: User, second_runner: User, runner: User
) -> None:
    other_slot = slot_create(clinician=clinician, starts_at=at(4), minutes=30, place="")
    other = booking_create(runner=second_runner, slot_id=other_slot.pk)
    user_delete(user=runner, erased_by=ErasedBy.SELF)
    other.refresh_from_db()
    assert other.cancelled_at is None
    assert Slot.objects.get(pk=other_slot.pk).withdrawn_at is None
