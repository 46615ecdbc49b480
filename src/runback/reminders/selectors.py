"""Which reminders are due now. Read-only: the engine's stored advice says which session
awaits its next-morning answer and when the weekly status falls due; the clock and the
runner's choices say whether it is time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, QuerySet

from runback.accounts.consent import CONSENT_VERSION
from runback.accounts.models import Consent, Role, User
from runback.rehab.selectors import plan_paused
from runback.reminders.models import DEFAULT_TIME_ZONE, ReminderKind, ReminderPreference


@dataclass(frozen=True)
class Due:
    runner_id: int
    kind: str
    day: date  # the key of the sent log (see ReminderSent.day)


def preference_for(runner: User) -> ReminderPreference:
    """The runner's choices, or the defaults (unsaved) when they never changed them."""
    found = getattr(runner, "reminder_preference", None)
    return found if found is not None else ReminderPreference(runner=runner)


def zone_of(preference: ReminderPreference) -> ZoneInfo:
    try:
        return ZoneInfo(preference.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def candidates() -> QuerySet[User]:
    """Runners who may get reminders: active, consent current, intake finished, with advice;
    each with their choices, advice and the time of their latest entry (one query)."""
    consent = Consent.objects.filter(
        user=OuterRef("pk"), version=CONSENT_VERSION, withdrawn_at__isnull=True
    )
    return (
        User.objects.filter(
            role=Role.RUNNER,
            is_active=True,
            rehab_profile__intake_completed_at__isnull=False,
            rehab_snapshot__isnull=False,
        )
        .filter(Exists(consent))
        .select_related("reminder_preference", "rehab_snapshot", "rehab_profile")
        .annotate(last_entry_at=Max("rehab_events__created_at"))
        .order_by("pk")
    )


def _morning_due(output: dict[str, Any], local_day: date) -> bool:
    """ZONE-2: a session of yesterday awaits its next-morning answer."""
    yesterday = (local_day - timedelta(days=1)).isoformat()
    return any(
        s.get("zone") == "provisional" and s.get("date") == yesterday
        for s in output.get("sessions") or []
    )


def _weekly_due_from(output: dict[str, Any], local_day: date) -> date | None:
    due_from = (output.get("weekly_status") or {}).get("due_from")
    if not due_from:
        return None
    day = date.fromisoformat(due_from)
    return day if day <= local_day else None


def _last_check_in(runner: User) -> datetime | None:
    """When the runner last recorded anything (the intake counts: a runner who never
    logged a session is nudged too)."""
    profile = getattr(runner, "rehab_profile", None)
    moments = [
        getattr(runner, "last_entry_at", None),
        profile.intake_completed_at if profile is not None else None,
    ]
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def due_for(runner: User, *, now: datetime) -> Iterator[Due]:
    """The reminders due for `runner` at `now` (whether or not they were sent already)."""
    preference = preference_for(runner)
    local = now.astimezone(zone_of(preference))
    if local.time() < preference.send_at:
        return
    snapshot = getattr(runner, "rehab_snapshot", None)
    output: dict[str, Any] = snapshot.output if snapshot is not None else {}
    if not output or plan_paused(output):
        return  # the plan is paused: nothing to answer, no running to nudge towards
    day = local.date()
    if preference.morning and _morning_due(output, day):
        yield Due(runner.pk, ReminderKind.MORNING, day)
    due_from = _weekly_due_from(output, day)
    if preference.weekly and due_from is not None:
        yield Due(runner.pk, ReminderKind.WEEKLY, due_from)
    last = _last_check_in(runner)
    if preference.nudge and last is not None:
        last_day = last.astimezone(local.tzinfo).date()
        if (day - last_day).days >= settings.RUNBACK_REMINDER_NUDGE_DAYS:
            yield Due(runner.pk, ReminderKind.NUDGE, last_day)


def reminders_due(*, now: datetime) -> list[Due]:
    """Every reminder due at `now` that has not been sent."""
    from runback.reminders.models import ReminderSent

    due: list[Due] = []
    for runner in candidates().iterator(chunk_size=500):
        due.extend(due_for(runner, now=now))
    if not due:
        return []
    sent = set(
        ReminderSent.objects.filter(
            runner_id__in={d.runner_id for d in due}, day__in={d.day for d in due}
        ).values_list("runner_id", "kind", "day")
    )
    return [d for d in due if (d.runner_id, d.kind, d.day) not in sent]
