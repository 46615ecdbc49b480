"""Reads: a runner's activities (only through `runner_visible_to`), the match of an
activity to the planned session, and the measured cadence (FORM-CAD)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.urls import reverse

from runback.accounts.models import User
from runback.accounts.selectors import runner_visible_to
from runback.activities.models import Activity, ImportBatch, ImportItem
from runback.activities.parsing.summary import FOOT_SPORTS
from runback.rehab.models import SessionResult

LOG_WINDOW_DAYS = 14  # older activities are shown, not offered for a check-in
CADENCE_WEEKS = 8  # FORM-CAD: the trend shows the runs of the last 8 weeks
CADENCE_POINTS = 20


def _visible(viewer: User | AnonymousUser, runner: User) -> QuerySet[User]:
    return runner_visible_to(user=viewer).filter(pk=runner.pk)


def activities_for(*, viewer: User | AnonymousUser, runner: User) -> QuerySet[Activity]:
    """The runner's activities, newest first, if `viewer` may see the runner (with the
    event each was logged as, in the same query)."""
    return (
        Activity.objects.filter(runner__in=_visible(viewer, runner))
        .select_related("event")
        .order_by("-start")
    )


def activity_get(*, viewer: User | AnonymousUser, runner: User, pk: int) -> Activity | None:
    return activities_for(viewer=viewer, runner=runner).filter(pk=pk).first()


def batch_get(*, viewer: User | AnonymousUser, runner: User, pk: int) -> ImportBatch | None:
    return ImportBatch.objects.filter(runner__in=_visible(viewer, runner), pk=pk).first()


def batch_items(*, batch: ImportBatch) -> QuerySet[ImportItem]:
    return batch.items.select_related("activity").order_by("pk")


@dataclass(frozen=True)
class PlanMatch:
    """An activity next to the session the plan asked for on its day (`planned` is
    None when none matches: the activity is kept and shown as it is)."""

    planned: dict[str, Any] | None
    planned_run_min: float | None
    planned_walk_min: float | None
    done_run_min: float | None
    done_walk_min: float | None
    checkin_url: str | None
    logged: list[dict[str, Any]] = field(default_factory=list)  # sessions logged that day


def planned_minutes(next_run: dict[str, Any]) -> tuple[float, float]:
    """Running and walking minutes of the engine's `next_run` (its segments: the runs,
    and the warm-up and the walks)."""
    parts = next_run.get("segments") or []
    run = sum(p["seconds"] for p in parts if p["kind"] == "run")
    walk = sum(p["seconds"] for p in parts if p["kind"] in {"warmup", "walk"})
    return run / 60, walk / 60


def is_foot(activity: Activity) -> bool:
    return activity.sport in FOOT_SPORTS


def checkin_query(activity: Activity) -> dict[str, str]:
    """What the session check-in is filled in with (see rehab.checkin.forms.session_prefill)."""
    query = {
        "type": "run" if activity.run_s >= 60 else "walk",
        "date": activity.local_date.isoformat(),
    }
    if activity.segments:
        query["run_min"] = f"{activity.run_s / 60:.1f}"
        query["walk_min"] = f"{activity.walk_s / 60:.1f}"
    elif activity.moving_s:
        query["walk_min" if query["type"] == "walk" else "run_min"] = (
            f"{activity.moving_s / 60:.1f}"
        )
    if activity.distance_m:
        query["distance_km"] = f"{activity.distance_m / 1000:.2f}"
    if query["type"] == "run" and activity.run_cadence_spm:
        query["cadence_spm"] = str(round(activity.run_cadence_spm))  # FORM-CAD, for the engine
    return query


def logged_sessions(
    activities: list[Activity],
    sessions: dict[str, dict[str, Any]],
    by_day: dict[str, list[dict[str, Any]]],
) -> dict[int, list[dict[str, Any]]]:
    """The sessions each walk or run activity was logged as (the engine's results), by
    the activity's id: the one it points to (`Activity.event`) while that entry stands;
    otherwise, for an activity not logged from its own link (or whose entry was
    withdrawn), the walks and runs logged on its day. `sessions` are the engine's sessions
    by id, `by_day` by date, each holding at least those of these activities."""
    logged: dict[int, list[dict[str, Any]]] = {}
    for activity in activities:
        if not is_foot(activity):
            continue
        linked = sessions.get(activity.event.event_id) if activity.event else None
        found = [linked] if linked else by_day.get(activity.local_date.isoformat(), [])
        if found:
            logged[activity.pk] = found
    return logged


def sessions_by_day(sessions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    days: dict[str, list[dict[str, Any]]] = {}
    for session in sessions:
        days.setdefault(str(session.get("date")), []).append(session)
    return days


def logged_for(
    *, runner: User, activities: list[Activity], output: dict[str, Any]
) -> dict[int, list[dict[str, Any]]]:
    """`logged_sessions` for the runner's own pages, from the snapshot's open sessions and
    the stored results of the activities' sessions and days (one query), never the
    whole history."""
    foot = [a for a in activities if is_foot(a)]
    if not foot:
        return {}
    ids = sorted({a.event.event_id for a in foot if a.event})
    days = sorted({a.local_date.isoformat() for a in foot})
    closed = SessionResult.objects.filter(
        Q(session_id__in=ids) | Q(result__date__in=days), runner=runner
    ).order_by("id")
    every = [*closed.values_list("result", flat=True), *output.get("sessions", [])]
    return logged_sessions(foot, {str(s.get("id")): s for s in every}, sessions_by_day(every))


def plan_match(
    *,
    activity: Activity,
    output: dict[str, Any],
    today: date,
    logged: list[dict[str, Any]] | None = None,
) -> PlanMatch:
    """Match to the session planned for the activity's day: the engine's `next_run`,
    once its earliest day has come. Only walks and runs of the last two weeks are
    offered for a check-in (from the activity's own link). `logged`: the sessions it was
    logged as (`logged_sessions`)."""
    next_run = output.get("next_run") or None
    earliest = str((next_run or {}).get("earliest_date") or "")
    day = activity.local_date
    matched = (
        next_run is not None
        and is_foot(activity)
        and earliest <= day.isoformat() <= today.isoformat()
    )
    planned_run = planned_walk = None
    if matched and next_run is not None:
        planned_run, planned_walk = planned_minutes(next_run)
    url = None
    if is_foot(activity) and today - timedelta(days=LOG_WINDOW_DAYS) <= day <= today:
        link = reverse("rehab:checkin_session_from_activity", args=[activity.pk])
        url = f"{link}?{urlencode(checkin_query(activity))}"
    return PlanMatch(
        planned=next_run if matched else None,
        planned_run_min=planned_run,
        planned_walk_min=planned_walk,
        done_run_min=round(activity.run_s / 60, 1) if activity.segments else None,
        done_walk_min=round(activity.walk_s / 60, 1) if activity.segments else None,
        checkin_url=url,
        logged=list(logged or []) if is_foot(activity) else [],
    )


@dataclass(frozen=True)
class CadenceTrend:
    """FORM-CAD from the watch: the cadence while running on recent activities (oldest
    first), next to the engine's band (`cadence_target_spm`) and the measured cadence it
    comes from (`cadence_measured_spm`; None while the band rests on the intake answer)."""

    points: list[tuple[date, float]]
    measured: int | None
    band: list[int] | None


def cadence_trend(
    *, viewer: User | AnonymousUser, runner: User, output: dict[str, Any], today: date
) -> CadenceTrend:
    since = today - timedelta(weeks=CADENCE_WEEKS)
    rows = list(
        activities_for(viewer=viewer, runner=runner)
        .filter(run_cadence_spm__isnull=False, local_date__gte=since, sport__in=FOOT_SPORTS)
        .values_list("local_date", "run_cadence_spm")[:CADENCE_POINTS]
    )
    return CadenceTrend(
        points=[(day, float(spm)) for day, spm in reversed(rows) if spm is not None],
        measured=output.get("cadence_measured_spm"),
        band=cadence_band(output),
    )


def cadence_band(output: dict[str, Any]) -> list[int] | None:
    """The engine's cadence band (FORM-CAD), [low, high] steps per minute, if it gives one."""
    band = output.get("cadence_target_spm")
    return list(band) if isinstance(band, list) and len(band) == 2 else None


RECORD_ACTIVITIES = 20  # a clinician's record of the runner shows the latest ones


@dataclass(frozen=True)
class RecordActivity:
    """An activity on a clinician's record of the runner, next to the plan: the planned
    session it matches while that is not logged yet (`planned`, the engine's `next_run`),
    and the sessions the runner logged on its day (`logged`: the engine's results, with
    type, zone and step)."""

    activity: Activity
    foot: bool
    planned: dict[str, Any] | None
    logged: list[dict[str, Any]]


def activities_for_record(
    *,
    viewer: User | AnonymousUser,
    runner: User,
    output: dict[str, Any],
    sessions: dict[str, dict[str, Any]],
    today: date,
    limit: int = RECORD_ACTIVITIES,
) -> list[RecordActivity]:
    """The runner's latest activities, newest first, if `viewer` may see the runner (one
    query, however many there are), matched to the plan as the runner's own pages match
    them (`plan_match`, `logged_sessions`). `sessions` are the engine's sessions by id,
    every one of them: the record has read them already."""
    activities = list(activities_for(viewer=viewer, runner=runner)[:limit])
    logged = logged_sessions(activities, sessions, sessions_by_day(list(sessions.values())))
    rows = []
    for activity in activities:
        match = plan_match(
            activity=activity, output=output, today=today, logged=logged.get(activity.pk)
        )
        rows.append(
            RecordActivity(
                activity=activity,
                foot=is_foot(activity),
                planned=match.planned,
                logged=match.logged,
            )
        )
    return rows
