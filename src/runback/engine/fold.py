"""The fold: one event at a time, a runner's history moves the state on (`fold_event`).

Pure: the same state and event give the same next state; no clock, no I/O. Today's
advice is made from the state by `runback.engine.advice.advise`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from runback.engine import breaks, running, trend
from runback.engine.fold_flags import fold_cleared, fold_red_flag, paused
from runback.engine.fold_other import (
    fold_cross,
    fold_function,
    fold_settings_change,
    fold_status,
    fold_strength_log,
    irritability,
    irritable,
    zone_of_pain,
)
from runback.engine.models import (
    Cleared,
    CrossTraining,
    Event,
    Followup,
    FunctionRating,
    RedFlag,
    Session,
    SettingsChange,
    Status,
    StrengthLog,
)
from runback.engine.running import Step
from runback.engine.settings import ClinicSettings
from runback.engine.state import FoldState, SessionRecord
from runback.engine.zones import BASELINE_DAYS, baseline_of, red_now, worse_next_morning, zone_of

# FORM-CAD [derived]: the measured cadence is the median of the latest runs that carry one.
MEASURED_CADENCE_RUNS = 5


def fold_events(state: FoldState, events: Iterable[Event]) -> FoldState:
    """Fold events (in the contract's order: by date, then as listed) onto the state."""
    for event in events:
        state = fold_event(state, event)
    return state


def fold_event(state: FoldState, event: Event) -> FoldState:
    """The state after one more event. The state is updated in place and returned: the
    caller owns it (a stored state is read afresh from JSON for each check-in)."""
    if isinstance(event, SettingsChange):
        fold_settings_change(state, event)
    elif isinstance(event, RedFlag):
        fold_red_flag(state, event)
    elif isinstance(event, Cleared):
        fold_cleared(state, event)
    elif isinstance(event, Session):
        _session(state, event)
    elif isinstance(event, Followup):
        _followup(state, event)
    elif isinstance(event, StrengthLog):
        fold_strength_log(state, event)
    elif isinstance(event, Status):
        fold_status(state, event)
    elif isinstance(event, CrossTraining):
        fold_cross(state, event)
    elif isinstance(event, FunctionRating):
        fold_function(state, event)
    state.last_date = event.date if state.last_date is None else max(state.last_date, event.date)
    _settle_late(state, state.last_date)
    _close_old_sessions(state)
    _close_old_weeks(state)
    return state


def _close_old_weeks(state: FoldState) -> None:
    """A calendar week before the latest event's week can't change any more: its row of
    running minutes against the plan is final (`closed_weeks`), every week from the first
    on, so that with the open weeks they make the whole table."""
    assert state.last_date is not None
    if state.weeks_from is None:
        state.weeks_from = running.monday(state.profile.start_date)
    this_week = running.monday(state.last_date)
    while state.weeks_from < this_week:
        key = state.weeks_from.isoformat()
        state.closed_weeks.append(week_row(state.weeks_from, state.week_runs.pop(key, []),
                                           state.settings))  # fmt: skip
        state.weeks_from += timedelta(days=7)


def week_row(
    week: date, runs: list[tuple[Step, float | None]], settings: ClinicSettings
) -> dict[str, Any]:
    """One week's running minutes done next to what the plan asked for: the prescribed
    minutes of each run (a run without minutes was done as prescribed), plus the runs of
    the week's quota not done, at the last step prescribed."""
    done = planned = 0.0
    for step, minutes in runs:
        prescribed = step.run_minutes(settings)
        done += prescribed if minutes is None else minutes
        planned += prescribed
    if runs:
        last_step = runs[-1][0]
        planned += max(0, last_step.quota(settings) - len(runs)) * last_step.run_minutes(settings)
    return {
        "week_start": week.isoformat(),
        "run_minutes": done,
        "planned_minutes": planned if runs else None,
        "sessions": len(runs),
    }


def session_result(rec: SessionRecord) -> dict[str, Any]:
    """A session as the contract's `sessions` list shows it."""
    return {
        "id": rec.session.id,
        "date": rec.session.date.isoformat(),
        "type": rec.session.kind,
        "zone": rec.zone,
        "rules": ["ZONE-2"] if rec.zone == "provisional" else rec.rules,
        "reasons": rec.reasons,
        "counted": rec.counted,
        "step": rec.step_then.kind,
        "step_week": rec.step_then.week,
        "step_minutes": rec.step_then.minutes,  # continuous: minutes per run
        "over": rec.over,  # RUN-OVER (v3): why it did not move the plan on, or None
        "trend": rec.trend,  # ZONE-TREND (v3) held in its week
    }


def _close_old_sessions(state: FoldState) -> None:
    """ZONE-2: an answer more than the window after a session no longer counts, so a
    session that much older than the latest event can't change any more: it leaves the
    open records (the latest session always stays: the next step depends on it). At
    least a week, so this week's runs stay open for the weekly quota."""
    if state.last_date is None or len(state.order) < 2:
        return
    horizon = state.last_date - timedelta(days=max(7, state.settings.followup_window_days))
    while len(state.order) > 1 and state.records[state.order[0]].session.date < horizon:
        rec = state.records.pop(state.order.pop(0))
        state.closed_sessions.append(session_result(rec))
        state.closed_tolerated = state.closed_tolerated or rec.zone in ("green", "yellow")


def _session(state: FoldState, event: Session) -> None:
    _break(state, event)
    rec = SessionRecord(event, prescribed_step(state), paused_then=paused(state))
    rec.baseline = baseline_of(state, event)
    earlier_runs = [
        r.session.date
        for r in state.records.values()
        if r.session.kind == "run" and r.session.date <= event.date
    ]
    rec.over = running.over_plan(
        kind=event.kind,
        day=event.date,
        run_min=event.run_min,
        walk_min=event.walk_min,
        step=rec.step_then,
        settings=state.settings,
        earlier_runs=earlier_runs,
    )
    if rec.over is not None:
        state.over_dates = [*state.over_dates, event.date][-4:]
    rec.trend = trend.trend_holds(state.week_pain, running.monday(event.date))
    _remember_before(state, event)
    state.records[event.id] = rec
    state.order.append(event.id)
    state.sessions_seen += 1
    if event.kind == "run":  # for the weekly running minutes against the plan
        week = running.monday(event.date)
        if state.weeks_from is None or week < state.weeks_from:  # None: a state from before
            state.weeks_from = week  # a run logged before the start week
        state.week_runs.setdefault(week.isoformat(), []).append((rec.step_then, event.run_min))
        if event.cadence_spm is not None and len(state.first_cadences) < MEASURED_CADENCE_RUNS:
            state.first_cadences.append(event.cadence_spm)  # FORM-CAD-CAP: sets the band
        if event.cadence_spm is not None:  # FORM-CAD: a measured cadence replaces the estimate
            state.measured_cadence = [*state.measured_cadence, event.cadence_spm][
                -MEASURED_CADENCE_RUNS:
            ]
    reasons = red_now(event, state.settings)
    if reasons:
        rec.reasons, rec.rules = reasons, ["ZONE-3"]
        if "leg_symptoms_spread" in reasons:
            rec.rules.append("ZONE-LEG")
        _finish_red(state, rec, known=event.date)


def _remember_before(state: FoldState, event: Session) -> None:
    if event.pain_before is None:
        return
    state.last_before = event.pain_before
    horizon = event.date - timedelta(days=BASELINE_DAYS)
    state.recent_before = [(d, p) for d, p in state.recent_before if d >= horizon] + [
        (event.date, event.pain_before)
    ]


def _break(state: FoldState, event: Session) -> None:
    """RUN-BREAK (v3): the first run or walk after a gap of 10 days or more steps back."""
    latest = state.latest
    if latest is None:
        return
    gap = (event.date - latest.session.date).days
    found = breaks.break_step(
        state.plan,
        gap=gap,
        last_kind=latest.session.kind,
        back=event.break_reason == "back",
        settings=state.settings,
    )
    if found is None:
        return
    breaks.apply_break(state.plan, found)
    state.break_applied = {
        "date": event.date.isoformat(),
        "gap": gap,
        "back": found.back,
        "due": running.step_name(found.due),
        "step": running.step_name(found.step),
    }


def _settle_late(state: FoldState, day: date) -> None:
    """ZONE-LATE (v3): a session whose next-morning window has passed without an answer
    is settled as unanswered: it neither counts nor is red, and nothing waits for it."""
    window = state.settings.followup_window_days
    for rec in state.records.values():
        if rec.zone == "provisional" and (day - rec.session.date).days > window:
            rec.zone, rec.rules = "unanswered", ["ZONE-LATE"]


def _followup(state: FoldState, event: Followup) -> None:
    rec = _answered(state, event)
    if rec is None:
        return
    judged = worse_next_morning(rec, event, state)
    worse = judged == "worse"
    if rec.zone == "provisional":
        rec.morning_pain = event.pain
    if rec.zone == "red":
        if worse and "worse_next_morning" not in rec.reasons:
            rec.reasons.append("worse_next_morning")
        return
    if worse:
        # ZONE-4: worse the following day outranks how it felt during.
        rec.reasons.append("worse_next_morning")
        rec.rules = ["ZONE-4"]
        state.zone4_date = rec.session.date
        _finish_red(state, rec, known=event.date)
        return
    if rec.zone == "provisional":  # a second, settled follow-up changes nothing
        _tolerated(state, rec, higher=judged == "higher")


def _answered(state: FoldState, event: Followup) -> SessionRecord | None:
    """The session a next-morning answer settles, or None when it settles nothing."""
    known = state.records.get(event.session)
    if known is None:
        return None
    known.answers += 1
    if _too_late(state, known, event):
        return None
    if event.date <= known.session.date:
        # ZONE-2: a next-morning answer is dated the calendar day after the session at
        # the earliest; one from the session's own day settles nothing.
        if known.zone == "provisional":
            known.early_answer = event.date
        return None
    return known


def _tolerated(state: FoldState, rec: SessionRecord, *, higher: bool) -> None:
    """ZONE-1: a provisional session settled green or yellow counts toward its step
    (unless v3's RUN-OVER or ZONE-TREND hold it)."""
    rec.zone = zone_of(rec.session, state.settings)
    rec.rules = ["ZONE-1"]
    if higher:
        # ZONE-NEXT (v3): a little higher next morning is within normal variation.
        rec.zone, rec.small_rise = "yellow", True
        rec.rules.append("ZONE-NEXT")
    plan = state.plan
    if _held_by_v3(state, rec):
        return
    outcome = running.apply_tolerated(
        plan,
        kind=rec.session.kind,
        run_min=rec.session.run_min,
        day=rec.session.date,
        step_then=rec.step_then,
        settings=state.settings,
        paused=rec.paused_then or paused(state),
    )
    rec.counted = outcome.counted
    rec.partial = not outcome.counted and _counts_at_step(state, rec)
    rec.rules.extend(r for r in outcome.rules if r not in rec.rules)
    state.advanced = state.advanced or outcome.advanced or outcome.resumed


def _counts_at_step(state: FoldState, rec: SessionRecord) -> bool:
    """A run at the plan's step (not a walk, not during a stall): one that did not count
    was shorter than prescribed (RUN-ADV-G: partial)."""
    plan = state.plan
    return (
        rec.step_then == plan.step
        and not plan.stalled
        and rec.session.kind == "run"
        and rec.step_then.kind != "walk"
    )


def _held_by_v3(state: FoldState, rec: SessionRecord) -> bool:
    """A tolerated session that does not move the plan on: RUN-OVER (how it was run) or
    ZONE-TREND (weekly pain rising). RUN-WALK-RED counts a tolerated walk down."""
    if rec.session.kind == "walk" and state.short_walks_left > 0:
        state.short_walks_left -= 1  # RUN-WALK-RED: back to full length after two
    if rec.over is None and not rec.trend:
        return False
    rec.rules.append("RUN-OVER" if rec.over is not None else "ZONE-TREND")
    rec.counted = rec.partial = False
    return True


def _too_late(state: FoldState, rec: SessionRecord, event: Followup) -> bool:
    """ZONE-LATE (v3): an answer after the window is stored and shown but changes
    nothing; if it reports worse pain, the explanation says so."""
    if (event.date - rec.session.date).days <= state.settings.followup_window_days:
        return False
    if worse_next_morning(rec, event, state) == "worse":
        rec.late_worse = True
    return True


# RUN-WALK-RED (v3): tolerated walks at the shorter length before the full walk returns.
SHORT_WALKS = 2


def _finish_red(state: FoldState, rec: SessionRecord, *, known: date) -> None:
    rec.zone = "red"
    if rec.session.kind == "walk":
        state.short_walks_left = SHORT_WALKS
    outcome = running.apply_red(
        state.plan,
        day=rec.session.date,
        known=known,
        step_then=rec.step_then,
        settings=state.settings,
    )
    rec.rules.extend(r for r in outcome.rules if r not in rec.rules)


def prescribed_step(state: FoldState, as_of: date | None = None) -> Step:
    """The step the runner is told to do now: the plan's step, but never harder than the
    latest session while that one is provisional or red (ZONE-2, RUN-ADV-R), and walking
    only while the back is irritable (RUN-IRR). A provisional session whose window has
    passed by `as_of` is unanswered and no longer waited for (ZONE-LATE)."""
    step = state.plan.step
    last = state.latest
    waiting = last is not None and (
        last.zone == "red"
        or (
            last.zone == "provisional"
            and (
                as_of is None
                or (as_of - last.session.date).days <= state.settings.followup_window_days
            )
        )
    )
    if (
        last is not None
        and waiting
        and not state.plan.stalled
        and last.step_then.rank() < step.rank()
    ):
        step = last.step_then
    if irritable(state) and step.kind != "walk":
        return Step("walk")
    return step


__all__ = [
    "baseline_of",
    "fold_event",
    "fold_events",
    "irritability",
    "irritable",
    "paused",
    "prescribed_step",
    "session_result",
    "week_row",
    "zone_of",
    "zone_of_pain",
]
