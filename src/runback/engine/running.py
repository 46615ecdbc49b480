"""The return-to-run plan (RUN-*): steps, progression, going back, stalls, the weekly cap."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from runback.engine.progression import (
    OVER_MAX_PCT,
    OVER_MIN_WALK_SHARE,
    Outcome,
    PlanState,
    apply_red,
    apply_start,
    apply_tolerated,
    done_as_prescribed,
    over_plan,
    start_state,
    start_step_of,
    steps_below,
)
from runback.engine.settings import ClinicSettings
from runback.engine.steps import (
    INTERVAL_WEEKS,
    LAST_INTERVAL_WEEK,
    STEPS_KEPT,
    Step,
    StepKind,
    at_goal,
    first_continuous,
    goal_of,
    monday,
    needed_at,
    next_continuous,
    step_after,
    step_name,
)


def earliest_run_date(
    *,
    state: PlanState,
    step: Step,
    as_of: date,
    last_session: date | None,
    runs_this_week: int,
    settings: ClinicSettings,
    not_before: date | None,
) -> date:
    """Runs on non-consecutive days, at most the step's quota in a calendar week."""
    day = as_of
    if last_session is not None:
        day = max(day, last_session + timedelta(days=1 + settings.rest_days_between_runs))
    for limit in (state.not_before, not_before):
        if limit is not None:
            day = max(day, limit)
    if monday(day) == monday(as_of) and runs_this_week >= step.quota(settings):
        day = monday(as_of) + timedelta(days=7)
    return day


@dataclass(frozen=True)
class WeekPlan:
    week_start: date
    run_minutes: float
    sessions: int


@dataclass(frozen=True)
class PlannedSession:
    """One session the projection places: its day and its step."""

    day: date
    step: Step


@dataclass(frozen=True)
class Projection:
    """The coming weeks' totals and the sessions placed from the earliest day through
    the end of the week after it, both from one simulation."""

    weeks: list[WeekPlan]
    sessions: list[PlannedSession]


def _spread(start: date, week_end: date, count: int, gap: timedelta) -> list[date]:
    """Days for `count` runs from `start` to the end of its week: the rest-day gap when
    they fit, else as evenly as the days allow (phase 3 runs a whole weekly quota)."""
    if count <= 0:
        return []
    if start + gap * (count - 1) < week_end:
        return [start + gap * i for i in range(count)]
    days = (week_end - start).days
    return [start + timedelta(days=i * days // count) for i in range(count)]


def _simulate(
    *,
    state: PlanState,
    step: Step,
    first_day: date,
    as_of: date,
    runs_this_week: int,
    settings: ClinicSettings,
    end: date,
) -> Iterator[PlannedSession]:
    """The sessions placed before `end`, assuming every session is tolerated. Phases 1-2
    go session by session on non-consecutive days; continuous running goes a week at a
    time (so the weekly cap is exact)."""
    sim = state.copy()
    sim.step = step
    gap = timedelta(days=1 + settings.rest_days_between_runs)
    day = first_day
    in_week = runs_this_week if monday(day) == monday(as_of) else 0
    if sim.stalled:
        # RUN-STALL: walking and other training until the rest is over, then the test.
        assert sim.stalled_since is not None
        day = max(day, sim.stalled_since + timedelta(days=settings.stall_rest_days))
        sim.stalled, sim.step, sim.tolerated_at_step = False, Step("test"), 0
        day += gap  # the tolerated walk comes first
        in_week = 0
    while day < end and sim.step.kind != "continuous":
        week = monday(day)
        if in_week >= sim.step.quota(settings):
            day, in_week = week + timedelta(days=7), 0
            continue
        yield PlannedSession(day, sim.step)
        in_week += 1
        apply_tolerated(
            sim,
            kind="walk" if sim.step.kind == "walk" else "run",
            run_min=None,
            day=day,
            step_then=sim.step,
            settings=settings,
            paused=False,
        )
        nxt = day + gap
        if monday(nxt) != week:
            in_week = 0
        day = nxt
    if sim.step.kind == "continuous" and day < end:
        yield from _simulate_continuous(
            sim.step, day=day, in_week=in_week, as_of=as_of, settings=settings, end=end
        )


def _simulate_continuous(
    step: Step, *, day: date, in_week: int, as_of: date, settings: ClinicSettings, end: date
) -> Iterator[PlannedSession]:
    """Phase 3 a calendar week at a time: the week under way gets the runs that still fit
    (the next level if they reach its quota); later weeks the whole quota."""
    gap = timedelta(days=1 + settings.rest_days_between_runs)
    week = monday(day)
    last = day - gap
    quota = step.quota(settings)
    days_left = (week + timedelta(days=7) - day).days
    # The week under way, or a first week with fewer days left than runs (a later start):
    # only the runs that fit.
    if week <= monday(as_of) or in_week > 0 or days_left < quota:
        fit = len(range(0, days_left, gap.days))
        left = max(0, min(quota - in_week, fit))
        for run_day in _spread(day, week + timedelta(days=7), left, gap):
            yield PlannedSession(run_day, step)
            last = run_day
        if in_week + left >= quota:
            step = next_continuous(step, settings)
        week += timedelta(days=7)
    while week < end:
        start = max(week, last + gap)
        for run_day in _spread(start, week + timedelta(days=7), step.quota(settings), gap):
            yield PlannedSession(run_day, step)
            last = run_day
        step = next_continuous(step, settings)
        week += timedelta(days=7)


def project(
    *,
    state: PlanState,
    step: Step,
    first_day: date,
    as_of: date,
    runs_this_week: int,
    settings: ClinicSettings,
    weeks: int = 4,
    walk_only: bool = False,
) -> Projection:
    """Plan the calendar weeks after the one holding `as_of`, and the sessions from
    `first_day` through the end of the week after it, assuming every session is
    tolerated (one simulation for both, so they always agree).

    While the back is irritable (RUN-IRR) the plan is walking only: no running is
    projected and no session is placed. During a stall (RUN-STALL) the simulation
    assumes walking and other training until the rest is over and places no session
    on the next run's day, so no session is listed either (the weeks still show the
    running that follows the test)."""
    horizon_start = monday(as_of) + timedelta(days=7)
    horizon_end = horizon_start + timedelta(days=7 * weeks)
    sessions_end = monday(first_day) + timedelta(days=14)
    minutes: dict[date, float] = {}
    counts: dict[date, int] = {}
    placed: list[PlannedSession] = []
    if not walk_only:
        for session in _simulate(
            state=state,
            step=step,
            first_day=first_day,
            as_of=as_of,
            runs_this_week=runs_this_week,
            settings=settings,
            end=max(horizon_end, sessions_end),
        ):
            week = monday(session.day)
            minutes[week] = minutes.get(week, 0.0) + session.step.run_minutes(settings)
            counts[week] = counts.get(week, 0) + 1
            if session.day < sessions_end and not state.stalled:
                placed.append(session)
    starts = [horizon_start + timedelta(days=7 * i) for i in range(weeks)]
    return Projection(
        weeks=[
            WeekPlan(week_start=w, run_minutes=minutes.get(w, 0.0), sessions=counts.get(w, 0))
            for w in starts
        ],
        sessions=placed,
    )


__all__ = [
    "INTERVAL_WEEKS",
    "LAST_INTERVAL_WEEK",
    "OVER_MAX_PCT",
    "OVER_MIN_WALK_SHARE",
    "STEPS_KEPT",
    "Outcome",
    "PlanState",
    "PlannedSession",
    "Projection",
    "Step",
    "StepKind",
    "WeekPlan",
    "apply_red",
    "apply_start",
    "apply_tolerated",
    "at_goal",
    "done_as_prescribed",
    "earliest_run_date",
    "first_continuous",
    "goal_of",
    "monday",
    "needed_at",
    "next_continuous",
    "over_plan",
    "project",
    "start_state",
    "start_step_of",
    "step_after",
    "step_name",
    "steps_below",
]
