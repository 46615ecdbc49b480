"""Everything that writes assessments: slots, bookings, cancellations, moves.

No double booking, ever: `assessments_booking_one_per_slot` lets the database refuse a
second live booking of a slot, and a refused insert becomes `BookingError("taken")`.
Every change leaves an audit entry on the runner's record and sends both sides an email
with a calendar invitation (after the commit, through a task)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from runback.accounts.models import User
from runback.assessments import selectors
from runback.assessments.models import Booking, Slot
from runback.assessments.tasks import booking_email_queue

MAX_SLOT_MINUTES = 240
MAX_SERIES = 48


class AssessmentError(Exception):
    """A change that cannot be made; `message` says why, in the person's language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def local_datetime(day: date, at: time) -> datetime:
    """`at` o'clock on `day` in the clinic's time zone (settings.TIME_ZONE)."""
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def _overlapping(*, clinician: User, starts_at: datetime, minutes: int) -> Slot | None:
    ends_at = starts_at + timedelta(minutes=minutes)
    nearby = Slot.objects.filter(
        clinician=clinician,
        withdrawn_at__isnull=True,
        starts_at__lt=ends_at,
        starts_at__gt=starts_at - timedelta(minutes=MAX_SLOT_MINUTES),
    )
    return next((s for s in nearby if s.ends_at > starts_at), None)


@transaction.atomic
def slot_create(*, clinician: User, starts_at: datetime, minutes: int, place: str) -> Slot:
    """Publish one slot. Refused when it is in the past or overlaps one of the
    clinician's own slots."""
    if not clinician.is_clinic_staff or clinician.clinic_id is None:
        raise AssessmentError("not_staff", str(_("Only clinic staff can publish times.")))
    if starts_at <= timezone.now():
        raise AssessmentError("past", str(_("This time has already passed.")))
    if _overlapping(clinician=clinician, starts_at=starts_at, minutes=minutes) is not None:
        raise AssessmentError("overlap", str(_("You already have a time that overlaps this.")))
    try:
        with transaction.atomic():
            return Slot.objects.create(
                clinician=clinician,
                clinic_id=clinician.clinic_id,
                starts_at=starts_at,
                minutes=minutes,
                place=place,
            )
    except IntegrityError:
        raise AssessmentError(
            "overlap", str(_("You already have a time that overlaps this."))
        ) from None


@dataclass(frozen=True)
class SeriesResult:
    created: list[Slot]
    skipped: int

    @property
    def message(self) -> str:
        text = ngettext("%(n)s time published.", "%(n)s times published.", len(self.created)) % {
            "n": len(self.created)
        }
        if self.skipped:
            text += " " + ngettext(
                "%(n)s was left out: it overlapped a time you had or has passed.",
                "%(n)s were left out: they overlapped times you had or have passed.",
                self.skipped,
            ) % {"n": self.skipped}
        return text


def series_starts(
    *, day: date, first: time, last: time, minutes: int, every: int
) -> list[datetime]:
    """The start of every slot of `minutes` from `first`, one every `every` minutes, that
    ends by `last` (local times on `day`); at most MAX_SERIES."""
    start, end = local_datetime(day, first), local_datetime(day, last)
    starts: list[datetime] = []
    while start + timedelta(minutes=minutes) <= end and len(starts) < MAX_SERIES:
        starts.append(start)
        start += timedelta(minutes=every)
    return starts


def slot_series_create(
    *, clinician: User, day: date, first: time, last: time, minutes: int, every: int, place: str
) -> SeriesResult:
    """Publish a series of slots on one day (e.g. 30 minutes each, from 9 to 12). Times that
    overlap the clinician's own or have passed are left out and counted."""
    created, skipped = [], 0
    for starts_at in series_starts(day=day, first=first, last=last, minutes=minutes, every=every):
        try:
            created.append(
                slot_create(clinician=clinician, starts_at=starts_at, minutes=minutes, place=place)
            )
        except AssessmentError:
            skipped += 1
    return SeriesResult(created=created, skipped=skipped)


@transaction.atomic
def slot_withdraw(*, actor: User, slot: Slot) -> None:
    """Take back a free slot (a booked one is cancelled first, so both sides are told)."""
    locked = Slot.objects.select_for_update(of=("self",)).get(pk=slot.pk)
    if locked.bookings.filter(cancelled_at__isnull=True).exists():
        raise AssessmentError(
            "booked",
            str(_("This time is booked. Cancel the booking first, so the runner is told.")),
        )
    if locked.withdrawn_at is None:
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])


def _taken() -> AssessmentError:
    return AssessmentError(
        "taken", str(_("Sorry, somebody else has just booked this time. Please choose another."))
    )


def _bookable_slot(*, runner: User, slot_id: int, clinic_id: int | None = None) -> Slot:
    """The slot, if `runner` may book it now (with `clinic_id`, when given: a booking
    moves within its clinic); else a clear refusal."""
    slot = Slot.objects.select_related("clinician").filter(pk=slot_id).first()
    if (
        slot is None
        or slot.clinic_id is None
        or slot.clinician is None  # its clinician's account was deleted
        or slot.clinic_id != slot.clinician.clinic_id  # its clinician has left the clinic
        or (clinic_id is not None and slot.clinic_id != clinic_id)
        or not selectors.clinician_sees_runner(clinician=slot.clinician, runner=runner)
    ):
        raise AssessmentError("unknown", str(_("This time cannot be booked.")))
    if slot.withdrawn_at is not None or slot.starts_at <= timezone.now():
        raise AssessmentError(
            "gone", str(_("This time is no longer offered. Please choose another."))
        )
    if slot.bookings.filter(cancelled_at__isnull=True).exists():
        raise _taken()
    return slot


def _message(booking: Booking, kind: str, recipient: User | None, slot: Slot | None = None) -> None:
    """Email `recipient` about `booking` (with its calendar invitation): queued in the
    outbox in this transaction, sent after the commit and retried until it is."""
    if recipient is None:  # an erased clinician
        return
    booking_email_queue(
        booking_id=booking.pk,
        kind=kind,
        recipient_id=recipient.pk,
        slot_id=(slot or booking.slot).pk,
        sequence=booking.sequence,
        dispatch=True,
    )


def _audit(booking: Booking, action: str, actor: User, **data: object) -> None:
    booking.runner.log_action(
        f"assessments.booking.{action}",
        actor=actor,
        data={"booking": booking.pk, "starts_at": booking.slot.starts_at.isoformat(), **data},
        clinic_id=booking.clinic_id if actor.is_clinic_staff else None,
    )


@transaction.atomic
def booking_create(*, runner: User, slot_id: int, note: str = "") -> Booking:
    """Book `slot_id` for `runner`: one live booking per slot (the database's rule) and one
    upcoming booking per runner (their account row is locked while this runs)."""
    User.objects.select_for_update(of=("self",)).filter(pk=runner.pk).first()
    slot = _bookable_slot(runner=runner, slot_id=slot_id)
    if selectors.bookings_upcoming_for_runner(runner=runner):
        raise AssessmentError(
            "has_booking",
            str(_("You already have an appointment. Move it instead if another time suits you.")),
        )
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                slot=slot, runner=runner, clinic_id=slot.clinic_id, note=note.strip()
            )
    except IntegrityError:
        raise _taken() from None
    # A slot withdrawn while this insert waited for it: read again after the insert.
    if Slot.objects.filter(pk=slot.pk, withdrawn_at__isnull=False).exists():
        raise AssessmentError(
            "gone", str(_("This time is no longer offered. Please choose another."))
        )
    _audit(booking, "created", runner)
    _message(booking, "booked", runner)
    _message(booking, "booked", slot.clinician)
    return booking


def _check_may_change(*, actor: User, booking: Booking) -> None:
    if booking.is_cancelled:
        raise AssessmentError("cancelled", str(_("This booking is already cancelled.")))
    if booking.slot.starts_at <= timezone.now():
        raise AssessmentError("started", str(_("This appointment has already begun.")))
    if actor.is_runner and not selectors.runner_may_change(booking=booking):
        raise AssessmentError(
            "notice",
            str(_("It is too late to change this online. Please call the clinic.")),
        )


@transaction.atomic
def booking_cancel(
    *, actor: User, booking: Booking, reason: str = "", tell_clinician: bool = True
) -> Booking:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__clinician", "runner")
        .get(pk=booking.pk)
    )
    _check_may_change(actor=actor, booking=booking)
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = actor
    booking.sequence += 1
    booking.save(update_fields=["cancelled_at", "cancelled_by", "sequence"])
    _audit(booking, "cancelled", actor, reason=reason.strip())
    _message(booking, "cancelled", booking.runner)
    if tell_clinician:
        _message(booking, "cancelled", booking.slot.clinician)
    return booking


CLINICIAN_ERASED = "clinician_account_deleted"


@transaction.atomic
def booking_cancel_all_of_clinician(*, clinician: User) -> int:
    """Before `clinician`'s account is erased: cancel each upcoming booking with them
    properly (the runner gets the CANCEL email through the usual task, and an audit entry
    on their record says why), and withdraw their free times. Returns how many bookings
    were cancelled. Appointments that have begun are left as they are."""
    now = timezone.now()
    Slot.objects.filter(clinician=clinician, withdrawn_at__isnull=True).update(withdrawn_at=now)
    upcoming = Booking.objects.filter(
        slot__clinician=clinician, cancelled_at__isnull=True, slot__starts_at__gt=now
    ).order_by("slot__starts_at", "pk")
    count = 0
    for booking in upcoming:
        booking_cancel(
            actor=clinician, booking=booking, reason=CLINICIAN_ERASED, tell_clinician=False
        )
        count += 1
    return count


@transaction.atomic
def booking_reschedule(*, actor: User, booking: Booking, slot_id: int) -> Booking:
    """Move the booking to another free slot: the same calendar event (UID), one higher
    SEQUENCE. A clinician who no longer holds it gets a cancellation."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__clinician", "runner")
        .get(pk=booking.pk)
    )
    _check_may_change(actor=actor, booking=booking)
    old_slot = booking.slot
    slot = _bookable_slot(runner=booking.runner, slot_id=slot_id, clinic_id=booking.clinic_id)
    booking.slot = slot
    booking.sequence += 1
    try:
        with transaction.atomic():
            booking.save(update_fields=["slot", "sequence"])
    except IntegrityError:
        raise _taken() from None
    _audit(booking, "moved", actor, moved_from=old_slot.starts_at.isoformat())
    _message(booking, "moved", booking.runner)
    _message(booking, "moved", slot.clinician)
    if old_slot.clinician_id != slot.clinician_id:
        _message(booking, "cancelled", old_slot.clinician, slot=old_slot)
    return booking


def summary_viewed(*, viewer: User, booking: Booking) -> None:
    """Clinic staff read the runner's summary: recorded on the runner's audit log."""
    booking.runner.log_action(
        "assessments.summary.viewed",
        actor=viewer,
        data={"booking": booking.pk},
        clinic_id=booking.clinic_id,
    )
