"""The assessment services: slots, bookings, cancellations, moves, and their rules."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone
from pytest_django import Settings

from runback.accounts.models import AuditEntry, User
from runback.assessments import services
from runback.assessments.models import Booking, Slot
from runback.assessments.services import AssessmentError
from tests.assessments.conftest import at

pytestmark = pytest.mark.django_db


def test_a_slot_is_published(clinician: User) -> None:
    slot = services.slot_create(clinician=clinician, starts_at=at(2), minutes=30, place="")
    assert slot.ends_at - slot.starts_at == timedelta(minutes=30)


def test_a_slot_in_the_past_is_refused(clinician: User) -> None:
    with pytest.raises(AssessmentError) as error:
        services.slot_create(clinician=clinician, starts_at=at(-1), minutes=30, place="")
    assert error.value.code == "past"


def test_overlapping_slots_of_one_clinician_are_refused(clinician: User, slot: Slot) -> None:
    with pytest.raises(AssessmentError) as error:
        services.slot_create(
            clinician=clinician,
            starts_at=slot.starts_at + timedelta(minutes=15),
            minutes=30,
            place="",
        )
    assert error.value.code == "overlap"
    # right after it is fine
    services.slot_create(clinician=clinician, starts_at=slot.ends_at, minutes=30, place="")


def test_a_runner_cannot_publish_slots(runner: User) -> None:
    with pytest.raises(AssessmentError):
        services.slot_create(clinician=runner, starts_at=at(2), minutes=30, place="")


def test_a_series_publishes_every_time_that_fits_and_skips_overlaps(
    clinician: User, slot: Slot
) -> None:
    # 9:00-12:00 every 30 min: six times; the existing 10:00 slot is left out.
    result = services.slot_series_create(
        clinician=clinician,
        day=slot.starts_at.date(),
        first=time(9, 0),
        last=time(12, 0),
        minutes=30,
        every=30,
        place="Video",
    )
    assert len(result.created) == 5
    assert result.skipped == 1
    assert [timezone.localtime(s.starts_at).strftime("%H:%M") for s in result.created] == [
        "09:00",
        "09:30",
        "10:30",
        "11:00",
        "11:30",
    ]
    assert "5" in result.message


def test_a_runner_books_a_slot_of_their_clinic(runner: User, slot: Slot) -> None:
    booking = services.booking_create(runner=runner, slot_id=slot.pk, note=" knee too ")
    assert booking.note == "knee too"
    assert booking.sequence == 0
    entry = AuditEntry.objects.get(subject=runner, action="assessments.booking.created")
    assert entry.actor == runner


def test_a_taken_slot_is_refused_with_a_clear_message(
    booking: Booking, second_runner: User
) -> None:
    with pytest.raises(AssessmentError) as error:
        services.booking_create(runner=second_runner, slot_id=booking.slot_id)
    assert error.value.code == "taken"
    assert Booking.objects.count() == 1


def test_the_database_refuses_a_second_live_booking_of_a_slot(
    booking: Booking, second_runner: User
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=booking.slot, runner=second_runner)


def test_a_cancelled_booking_frees_the_slot(
    booking: Booking, runner: User, second_runner: User
) -> None:
    services.booking_cancel(actor=runner, booking=booking)
    again = services.booking_create(runner=second_runner, slot_id=booking.slot_id)
    assert again.slot_id == booking.slot_id


def test_a_runner_cannot_book_a_clinician_who_cannot_see_them(
    runner: User, outside_clinician: User
) -> None:
    slot = services.slot_create(clinician=outside_clinician, starts_at=at(2), minutes=30, place="")
    with pytest.raises(AssessmentError) as error:
        services.booking_create(runner=runner, slot_id=slot.pk)
    assert error.value.code == "unknown"
    assert not Booking.objects.exists()


def test_a_runner_holds_one_upcoming_booking(
    booking: Booking, runner: User, clinician: User
) -> None:
    later = services.slot_create(clinician=clinician, starts_at=at(5), minutes=30, place="")
    with pytest.raises(AssessmentError) as error:
        services.booking_create(runner=runner, slot_id=later.pk)
    assert error.value.code == "has_booking"


def test_a_withdrawn_or_past_slot_cannot_be_booked(
    runner: User, clinician: User, slot: Slot
) -> None:
    services.slot_withdraw(actor=clinician, slot=slot)
    with pytest.raises(AssessmentError) as error:
        services.booking_create(runner=runner, slot_id=slot.pk)
    assert error.value.code == "gone"


def test_a_booked_slot_cannot_be_withdrawn(booking: Booking, clinician: User) -> None:
    with pytest.raises(AssessmentError) as error:
        services.slot_withdraw(actor=clinician, slot=booking.slot)
    assert error.value.code == "booked"


def test_cancelling_bumps_the_sequence_and_is_audited(booking: Booking, clinician: User) -> None:
    cancelled = services.booking_cancel(actor=clinician, booking=booking, reason="ill")
    assert cancelled.is_cancelled and cancelled.cancelled_by == clinician
    assert cancelled.sequence == 1
    entry = AuditEntry.objects.get(action="assessments.booking.cancelled")
    assert entry.actor == clinician and entry.data["reason"] == "ill"
    with pytest.raises(AssessmentError):
        services.booking_cancel(actor=clinician, booking=cancelled)


def test_a_runner_cannot_cancel_or_move_within_the_notice(
    booking: Booking, runner: User, clinician: User, settings: object
) -> None:
    later = services.slot_create(clinician=clinician, starts_at=at(6), minutes=30, place="")
    with time_machine.travel(booking.slot.starts_at - timedelta(hours=23), tick=False):
        with pytest.raises(AssessmentError) as error:
            services.booking_cancel(actor=runner, booking=booking)
        assert error.value.code == "notice"
        with pytest.raises(AssessmentError):
            services.booking_reschedule(actor=runner, booking=booking, slot_id=later.pk)
        # the clinic still can
        services.booking_cancel(actor=clinician, booking=booking)


def test_the_notice_is_a_setting(booking: Booking, runner: User, settings: Settings) -> None:
    settings.RUNBACK_ASSESSMENT_NOTICE_HOURS = 2
    with time_machine.travel(booking.slot.starts_at - timedelta(hours=3), tick=False):
        services.booking_cancel(actor=runner, booking=booking)


def test_moving_keeps_the_uid_bumps_the_sequence_and_frees_the_old_slot(
    booking: Booking, runner: User, second_runner: User, clinician: User
) -> None:
    old_slot_id, uid = booking.slot_id, booking.uid
    later = services.slot_create(clinician=clinician, starts_at=at(6), minutes=30, place="")
    moved = services.booking_reschedule(actor=runner, booking=booking, slot_id=later.pk)
    assert (moved.slot_id, moved.uid, moved.sequence) == (later.pk, uid, 1)
    services.booking_create(runner=second_runner, slot_id=old_slot_id)
    assert AuditEntry.objects.filter(action="assessments.booking.moved", subject=runner).exists()


def test_moving_to_a_taken_slot_is_refused(
    booking: Booking, second_runner: User, clinician: User
) -> None:
    other = services.slot_create(clinician=clinician, starts_at=at(6), minutes=30, place="")
    services.booking_create(runner=second_runner, slot_id=other.pk)
    with pytest.raises(AssessmentError) as error:
        services.booking_reschedule(actor=clinician, booking=booking, slot_id=other.pk)
    assert error.value.code == "taken"
    booking.refresh_from_db()
    assert booking.sequence == 0


def test_the_runners_data_download_holds_their_bookings(
    runner_with_plan_client: Any, booking: Booking, runner: User
) -> None:
    services.booking_cancel(actor=runner, booking=booking)
    data = runner_with_plan_client.get("/history/export.json").json()
    (row,) = data["assessments"]
    assert row["starts_at"] == booking.slot.starts_at.isoformat()
    assert row["cancelled_by_you"] is True
    assert row["calendar_uid"] == f"assessment-{booking.uid}@runback"


def test_the_demo_clinician_offers_times_once() -> None:
    from runback.config.demo import demo_data_create

    demo_data_create()
    count = Slot.objects.filter(clinician__email="kliniker@demo.runback.dk").count()
    total = Slot.objects.count()
    demo_data_create()
    assert count == Slot.objects.filter(clinician__email="kliniker@demo.runback.dk").count() == 12
    # the second demo clinic offers its own times, in its own calendar
    assert total == Slot.objects.count() == 24
    assert set(Slot.objects.values_list("clinic__name", flat=True)) == {
        "Demo Fysioterapi",
        "Demo Løbeklinik",
    }


def test_a_slot_withdrawn_while_the_booking_was_checked_is_not_booked(
    runner: User, clinician: User, slot: Slot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check saw the slot offered; the clinician's withdrawal committed before the
    # insert. The service reads the slot again after the insert and refuses.
    checked = services._bookable_slot(runner=runner, slot_id=slot.pk)
    services.slot_withdraw(actor=clinician, slot=slot)
    monkeypatch.setattr(services, "_bookable_slot", lambda **_kwargs: checked)
    with pytest.raises(AssessmentError) as error:
        services.booking_create(runner=runner, slot_id=slot.pk)
    assert error.value.code == "gone"
    assert not Booking.objects.exists()
