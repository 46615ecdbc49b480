"""The fold: one event at a time, a runner's history moves the state on (`fold_event`).

Pure: the same state and event give the same next state; no clock, no I/O. Today's
advice is made from the state by `runback.engine.advice.advise`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, Literal

from runback.engine import running
from runback.engine.models import (
    Cleared,
    Event,
    Followup,
    RedFlag,
    Session,
    SettingsChange,
    Status,
    StrengthLog,
)
from runback.engine.rules import TRIAGE_FLAGS, TRIAGE_PAUSING
from runback.engine.running import Step
from runback.engine.settings import ClinicSettings
from runback.engine.state import Answers, FoldState, SessionRecord, StrengthSummary

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
        _settings_change(state, event)
    elif isinstance(event, RedFlag):
        _red_flag(state, event)
    elif isinstance(event, Cleared):
        _cleared(state, event)
    elif isinstance(event, Session):
        _session(state, event)
    elif isinstance(event, Followup):
        _followup(state, event)
    elif isinstance(event, StrengthLog):
        _strength_log(state, event)
    elif isinstance(event, Status):
        _status(state, event)
    state.last_date = event.date if state.last_date is None else max(state.last_date, event.date)
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


def _strength_log(state: FoldState, log: StrengthLog) -> None:
    summary = state.strength.get(log.exercise)
    if summary is None:
        summary = state.strength[log.exercise] = StrengthSummary(log.date, log.date)
    summary.add(log)


def _status(state: FoldState, status: Status) -> None:
    """The answers it updates, and the weeks ESC-1 compares (statuses come in date order)."""
    state.answers.update(status)
    weeks = state.statuses
    weeks.last_date = status.date if weeks.last_date is None else max(weeks.last_date, status.date)
    if status.pain_week_avg is None:
        return
    week = (status.date - state.profile.start_date).days // 7
    if weeks.first_week is None or week < weeks.first_week:
        weeks.first_week, weeks.first_values = week, [status.pain_week_avg]
    elif week == weeks.first_week:
        weeks.first_values.append(status.pain_week_avg)
    if weeks.latest_week is None or week > weeks.latest_week:
        weeks.latest_week, weeks.latest_values = week, [status.pain_week_avg]
    elif week == weeks.latest_week:
        weeks.latest_values.append(status.pain_week_avg)


def _settings_change(state: FoldState, event: SettingsChange) -> None:
    """A clinician's change of the runner's numbers from this day on. A new start step
    (RUN-P1, RUN-P2) moves the plan there, unless safety says otherwise (apply_start)."""
    before = state.settings.start_step
    state.settings = state.settings.with_changes(dict(event.changes))
    start = state.settings.start_step
    if start == before:
        return
    state.start_set, state.start_applied = (event.date if start else None), False
    if start:
        latest = state.latest
        state.start_applied = running.apply_start(
            state.plan, start, latest_red=latest is not None and latest.zone == "red"
        )


# --- Triage ---------------------------------------------------------------------------------


def _red_flag(state: FoldState, event: RedFlag) -> None:
    for flag in event.flags:
        state.open_flags.setdefault(flag, event.date)
    state.flag_history.append({"date": event.date.isoformat(), "flags": list(event.flags)})


def _cleared(state: FoldState, event: Cleared) -> None:
    """A clearance lifts the flags it names, or every open flag when it names none."""
    lifted = [
        f for f in TRIAGE_FLAGS if f in state.open_flags and (not event.flags or f in event.flags)
    ]
    if any(f in TRIAGE_PAUSING for f in lifted):
        state.last_cleared = event
    if lifted:
        state.clearances.append({"date": event.date.isoformat(), "by": event.by, "flags": lifted})
    for flag in lifted:
        del state.open_flags[flag]


def paused(state: FoldState) -> bool:
    """An emergency or prompt flag is open (advise flags do not pause)."""
    return any(f in TRIAGE_PAUSING for f in state.open_flags)


# --- Sessions and the traffic light (ZONE) ---------------------------------------------------


def _session(state: FoldState, event: Session) -> None:
    rec = SessionRecord(event, prescribed_step(state), paused_then=paused(state))
    state.records[event.id] = rec
    state.order.append(event.id)
    state.sessions_seen += 1
    if event.kind == "run":  # for the weekly running minutes against the plan
        week = running.monday(event.date)
        if state.weeks_from is None or week < state.weeks_from:  # None: a state from before
            state.weeks_from = week  # a run logged before the start week
        state.week_runs.setdefault(week.isoformat(), []).append((rec.step_then, event.run_min))
        if event.cadence_spm is not None:  # FORM-CAD: a measured cadence replaces the estimate
            state.measured_cadence = [*state.measured_cadence, event.cadence_spm][
                -MEASURED_CADENCE_RUNS:
            ]
    reasons = _red_now(event, state.settings)
    if reasons:
        rec.reasons, rec.rules = reasons, ["ZONE-3"]
        _finish_red(state, rec, known=event.date)


def _followup(state: FoldState, event: Followup) -> None:
    known = state.records.get(event.session)
    if known is not None:
        known.answers += 1
    if known is not None and (event.date - known.session.date).days > (
        state.settings.followup_window_days
    ):
        return  # ZONE-2: too late to tell how the back took that session
    if known is None or event.date <= known.session.date:
        # ZONE-2: a next-morning answer is dated the calendar day after the session at
        # the earliest; one from the session's own day settles nothing.
        if known is not None and known.zone == "provisional":
            known.early_answer = event.date
        return
    rec = known
    baseline = rec.session.pain_before
    if baseline is None:
        baseline = state.answers.resting_pain or 0
    worse = event.pain > baseline or event.stiffness_worse
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
    if rec.zone != "provisional":
        return  # a second, settled follow-up changes nothing
    rec.zone = zone_of(rec.session, state.settings)
    rec.rules = ["ZONE-1"]
    plan = state.plan
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
    rec.partial = (
        not outcome.counted
        and rec.step_then == plan.step
        and not plan.stalled
        and rec.session.kind == "run"
        and rec.step_then.kind != "walk"
    )
    rec.rules.extend(r for r in outcome.rules if r not in rec.rules)
    state.advanced = state.advanced or outcome.advanced or outcome.resumed


def zone_of(s: Session, settings: ClinicSettings) -> Literal["green", "yellow"]:
    """ZONE-1: a tolerated session is green or yellow by its worst pain."""
    return "green" if max(s.pain_during, s.pain_after) <= settings.green_max_pain else "yellow"


def _red_now(s: Session, settings: ClinicSettings) -> list[str]:
    """Reasons a session is red already when it is logged (ZONE-3)."""
    reasons = []
    if max(s.pain_during, s.pain_after) > settings.yellow_max_pain:
        reasons.append("pain_above_limit")
    if s.rose_during:
        reasons.append("kept_rising")
    if s.stopped_early:
        reasons.append("had_to_stop")
    return reasons


def _finish_red(state: FoldState, rec: SessionRecord, *, known: date) -> None:
    rec.zone = "red"
    outcome = running.apply_red(
        state.plan,
        day=rec.session.date,
        known=known,
        step_then=rec.step_then,
        settings=state.settings,
    )
    rec.rules.extend(r for r in outcome.rules if r not in rec.rules)


# --- What the runner is told to do --------------------------------------------------------


def irritability(a: Answers, settings: ClinicSettings) -> tuple[str, list[tuple[str, str]]]:
    """STR-IRR [derived]: high if no comfortable position, resting pain >= 7, or pain takes
    more than an hour to settle. A missing answer counts as the cautious one."""
    why: list[tuple[str, str]] = []
    if a.comfortable_position is not True:
        why.append(("svært at finde en behagelig stilling", "hard to find a comfortable position"))
    if a.resting_pain is not None and a.resting_pain >= settings.high_irritability_resting_pain:
        why.append((f"hvilesmerte {a.resting_pain}/10", f"resting pain {a.resting_pain}/10"))
    if a.settle_time_min is not None and a.settle_time_min > settings.high_irritability_settle_min:
        why.append(("smerten er længe om at falde til ro", "pain takes long to settle"))
    return ("high" if why else "low"), why


def irritable(state: FoldState) -> bool:
    return irritability(state.answers, state.settings)[0] == "high"


def prescribed_step(state: FoldState) -> Step:
    """The step the runner is told to do now: the plan's step, but never harder than the
    latest session while that one is provisional or red (ZONE-2, RUN-ADV-R), and walking
    only while the back is irritable (RUN-IRR)."""
    step = state.plan.step
    last = state.latest
    if (
        last is not None
        and not state.plan.stalled
        and last.zone in ("provisional", "red")
        and last.step_then.rank() < step.rank()
    ):
        step = last.step_then
    if irritable(state) and step.kind != "walk":
        return Step("walk")
    return step
