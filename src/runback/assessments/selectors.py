"""Everything that reads assessments. Who may book whom is `runner_visible_to`: a runner
may book a slot of clinician C only while C may see the runner.

Each clinic's times and bookings are its own (`clinic` on both): a clinic sees and
changes only bookings with itself, a booking moves only to a time of the same clinic,
and a time is offered only while its clinician still works in its clinic."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from runback.accounts.models import Role, User
from runback.accounts.selectors import runner_visible_to
from runback.assessments.models import Booking, Slot
from runback.rehab import selectors as rehab_selectors
from runback.rehab.models import SessionResult

# How far ahead a runner is offered times, and how many at most (one page).
BOOKABLE_DAYS = 60
BOOKABLE_MAX = 200


def _active_bookings() -> QuerySet[Booking]:
    return Booking.objects.filter(cancelled_at__isnull=True)


def slots_free() -> QuerySet[Slot]:
    """Upcoming slots that are published and not booked."""
    taken = _active_bookings().filter(slot=OuterRef("pk"))
    return Slot.objects.filter(
        starts_at__gt=timezone.now(),
        withdrawn_at__isnull=True,
        # offered in the clinic its clinician works in (not one they have left)
        clinic_id=F("clinician__clinic_id"),
    ).filter(~Exists(taken))


def clinician_sees_runner(*, clinician: User | None, runner: User) -> bool:
    """May `runner` book `clinician`'s slots? Exactly when the clinician may see them."""
    if clinician is None:  # an erased clinician's time
        return False
    return runner_visible_to(user=clinician).filter(pk=runner.pk).exists()


def _clinicians_with_free_slots() -> QuerySet[User]:
    ids = slots_free().values("clinician_id")
    return User.objects.filter(
        pk__in=ids, is_active=True, role__in=[Role.CLINICIAN, Role.CLINIC_ADMIN]
    ).order_by("pk")


def clinicians_bookable_for(*, runner: User, first_only: bool = False) -> list[User]:
    """The clinicians with free slots who may see `runner` (one query, plus one per such
    clinician: the visibility rule is asked, never repeated here)."""
    found = []
    for clinician in _clinicians_with_free_slots():
        if clinician_sees_runner(clinician=clinician, runner=runner):
            found.append(clinician)
            if first_only:
                break
    return found


def slots_bookable_for(
    *, runner: User, exclude: Slot | None = None, clinic_id: int | None = None
) -> list[Slot]:
    """The free slots `runner` may book, soonest first (the next BOOKABLE_DAYS days); only
    `clinic_id`'s when given (a booking moves within its clinic)."""
    clinicians = clinicians_bookable_for(runner=runner)
    if not clinicians:
        return []
    slots = slots_free()
    if clinic_id is not None:
        slots = slots.filter(clinic_id=clinic_id)
    slots = (
        slots.filter(
            clinician__in=clinicians,
            starts_at__lt=timezone.now() + timedelta(days=BOOKABLE_DAYS),
        )
        .select_related("clinician", "clinician__clinic")
        .order_by("starts_at", "id")
    )
    if exclude is not None:
        slots = slots.exclude(pk=exclude.pk)
    return list(slots[:BOOKABLE_MAX])


def slot_bookable(*, runner: User, slot_id: int, clinic_id: int | None = None) -> Slot | None:
    """One free slot, if `runner` may book it (and it is `clinic_id`'s, when given)."""
    slots = slots_free().filter(pk=slot_id)
    if clinic_id is not None:
        slots = slots.filter(clinic_id=clinic_id)
    slot = slots.select_related("clinician", "clinician__clinic").first()
    if slot is None or not clinician_sees_runner(clinician=slot.clinician, runner=runner):
        return None
    return slot


def bookings_upcoming_for_runner(*, runner: User) -> list[Booking]:
    """The runner's own bookings that are not cancelled and have not ended."""
    return list(
        _active_bookings()
        .filter(runner=runner, slot__starts_at__gt=timezone.now() - timedelta(hours=4))
        .select_related("slot", "slot__clinician", "slot__clinician__clinic")
        .order_by("slot__starts_at")
    )


@dataclass(frozen=True)
class RunnerOptions:
    """What Today may say about assessments: an upcoming booking, or whether a slot can be
    booked at all (never a promise that cannot be kept)."""

    upcoming: Booking | None
    bookable: bool


def runner_options(*, runner: User | AnonymousUser) -> RunnerOptions:
    if not isinstance(runner, User) or not runner.is_runner:
        return RunnerOptions(upcoming=None, bookable=False)
    upcoming = bookings_upcoming_for_runner(runner=runner)
    if upcoming:
        return RunnerOptions(upcoming=upcoming[0], bookable=True)
    return RunnerOptions(
        upcoming=None, bookable=bool(clinicians_bookable_for(runner=runner, first_only=True))
    )


def booking_for(*, viewer: User | AnonymousUser, booking_id: int) -> Booking | None:
    """A booking `viewer` may see: their own (a runner), or one with their clinic of a
    runner they may see (clinic staff; a booking with another clinic is not theirs)."""
    if not isinstance(viewer, User) or not viewer.is_active:
        return None
    bookings = Booking.objects.select_related("slot", "slot__clinician", "runner")
    if viewer.is_runner:
        return bookings.filter(pk=booking_id, runner=viewer).first()
    if viewer.is_clinic_staff and viewer.clinic_id is not None:
        return bookings.filter(
            pk=booking_id,
            clinic_id=viewer.clinic_id,
            runner__in=runner_visible_to(user=viewer),
        ).first()
    return None


def slot_managed_by(*, viewer: User, slot_id: int) -> Slot | None:
    """A slot `viewer` may change: their own in their clinic, or any of their clinic's (a
    clinic admin)."""
    if viewer.clinic_id is None:
        return None
    slots = Slot.objects.filter(pk=slot_id, clinic_id=viewer.clinic_id).select_related("clinician")
    if viewer.role == Role.CLINIC_ADMIN:
        return slots.first()
    return slots.filter(clinician=viewer).first()


@dataclass
class ScheduleRow:
    slot: Slot
    booking: Booking | None = None
    runner_visible: bool = False


@dataclass
class Schedule:
    rows: list[ScheduleRow] = field(default_factory=list)

    @property
    def booked(self) -> list[ScheduleRow]:
        return [row for row in self.rows if row.booking is not None]


def clinic_schedule(*, viewer: User, days: int = 60) -> Schedule:
    """The upcoming slots of `viewer`'s clinic with their booking (a constant number of
    queries). A runner who no longer shares with the clinic is shown without a name."""
    if not viewer.is_clinic_staff or viewer.clinic_id is None:
        return Schedule()
    now = timezone.now()
    slots = (
        Slot.objects.filter(
            clinic_id=viewer.clinic_id,
            starts_at__gt=now - timedelta(hours=1),
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("clinician")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=_active_bookings()
                .filter(clinic_id=viewer.clinic_id)
                .select_related("runner"),
                to_attr="active_bookings",
            )
        )
        .order_by("starts_at", "clinician_id")
    )
    rows = []
    for slot in slots:
        active = slot.active_bookings
        if slot.withdrawn_at is not None and not active:
            continue
        rows.append(ScheduleRow(slot=slot, booking=active[0] if active else None))
    runner_ids = {row.booking.runner_id for row in rows if row.booking is not None}
    visible = set(
        runner_visible_to(user=viewer).filter(pk__in=runner_ids).values_list("pk", flat=True)
    )
    for row in rows:
        row.runner_visible = row.booking is not None and row.booking.runner_id in visible
    return Schedule(rows=rows)


def runner_may_change(*, booking: Booking, now: datetime | None = None) -> bool:
    """A runner may cancel or move a booking up to the notice time before it starts."""
    notice = timedelta(hours=settings.RUNBACK_ASSESSMENT_NOTICE_HOURS)
    return (now or timezone.now()) <= booking.slot.starts_at - notice


LAST_ZONES = 5


def runner_summary(*, viewer: User, runner: User, language: str) -> dict[str, Any] | None:
    """What a clinician reads before the appointment, from the stored snapshot: phase and
    step, the last sessions' zones, open flags, and the reasons to see a professional."""
    state = rehab_selectors.runner_state_get(viewer=viewer, runner_id=runner.pk)
    if state is None:
        return None
    output = state.output
    open_sessions = list(output.get("sessions", []))
    closed: list[dict[str, Any]] = []
    if len(open_sessions) < LAST_ZONES:
        closed = list(
            SessionResult.objects.filter(runner=state.runner)
            .order_by("-id")
            .values_list("result", flat=True)[: LAST_ZONES - len(open_sessions)]
        )[::-1]
    triage = output.get("triage") or {}
    return {
        "runner": state.runner,
        "output": output,
        "as_of": output.get("as_of"),
        "has_plan": state.profile is not None and bool(output),
        "sessions": [*closed, *open_sessions][-LAST_ZONES:][::-1],
        "triage_level": triage.get("level", "none"),
        "open_flags": list(triage.get("open_flags") or []),
        "escalations": rehab_selectors.explanation_for(
            output, list(output.get("escalations") or []), language
        ),
    }


def bookings_export(*, runner: User) -> list[dict[str, Any]]:
    """The runner's bookings, cancelled ones too, oldest first (their data download)."""
    bookings = (
        Booking.objects.filter(runner=runner)
        .select_related("slot", "slot__clinician", "cancelled_by", "clinic")
        .order_by("created_at", "id")
    )
    return [
        {
            "clinic": b.clinic.name if b.clinic else None,
            "starts_at": b.slot.starts_at.isoformat(),
            "minutes": b.slot.minutes,
            "place": b.slot.place,
            "clinician": (b.slot.clinician.name or b.slot.clinician.email)
            if b.slot.clinician
            else None,
            "note": b.note,
            "booked_at": b.created_at.isoformat(),
            "cancelled_at": b.cancelled_at.isoformat() if b.cancelled_at else None,
            "cancelled_by_you": (b.cancelled_by_id == runner.pk) if b.cancelled_at else None,
            "calendar_uid": f"assessment-{b.uid}@runback",
        }
        for b in bookings
    ]
