"""Folding the events beside the sessions: strength logs, weekly statuses (ESC-1, LIFE-1),
clinic settings, cross-training (RUN-ALT) and function ratings (FUNC-1..3)."""

from __future__ import annotations

from runback.engine import running, trend
from runback.engine.models import (
    CrossTraining,
    FunctionRating,
    SettingsChange,
    Status,
    StrengthLog,
)
from runback.engine.settings import ClinicSettings
from runback.engine.state import Answers, FoldState, StrengthSummary


def fold_strength_log(state: FoldState, log: StrengthLog) -> None:
    summary = state.strength.get(log.exercise)
    if summary is None:
        summary = state.strength[log.exercise] = StrengthSummary(log.date, log.date)
    summary.add(log)


def fold_status(state: FoldState, status: Status) -> None:
    """The answers it updates, and the weeks ESC-1 compares (statuses come in date order)."""
    state.answers.update(status)
    for name in ("sleep_poor", "stress_high", "sat_most"):  # LIFE-1 (v3)
        value = getattr(status, name)
        if value is not None:
            state.life[name] = value
    if state.life:
        state.life["date"] = status.date.isoformat()
    if status.pain_week_avg is not None:  # ZONE-TREND (v3): the week's weekly pain
        trend.record(state.week_pain, running.monday(status.date), status.pain_week_avg)
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


def fold_settings_change(state: FoldState, event: SettingsChange) -> None:
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


def fold_cross(state: FoldState, event: CrossTraining) -> None:
    """RUN-ALT (v3): cycling or swimming never moves the running plan. A tolerated one
    adds 5 minutes to the next one, up to 30; a red one is shown."""
    red = max(event.pain_during, event.pain_after) > state.settings.yellow_max_pain
    state.cross = [
        *state.cross,
        {
            "id": event.id,
            "date": event.date.isoformat(),
            "sport": event.sport,
            "minutes": event.minutes,
            "pain_during": event.pain_during,
            "pain_after": event.pain_after,
            "zone": "red" if red else zone_of_pain(event.pain_during, event.pain_after, state),
        },
    ][-CROSS_KEPT:]
    dose = state.cross_dose_min or CROSS_START_MIN
    if not red:
        state.cross_dose_min = min(CROSS_MAX_MIN, max(dose, int(event.minutes)) + CROSS_STEP_MIN)
    else:
        state.cross_dose_min = dose


CROSS_START_MIN = 10  # RUN-ALT: 10-15 minutes to begin with


CROSS_STEP_MIN = 5


CROSS_MAX_MIN = 30


CROSS_KEPT = 60


def zone_of_pain(during: int, after: int, state: FoldState) -> str:
    return "green" if max(during, after) <= state.settings.green_max_pain else "yellow"


def fold_function(state: FoldState, event: FunctionRating) -> None:
    """FUNC-2 (v3): new ratings; a replaced activity ends its line, a new one starts one."""
    for activity_id in event.removed:
        if activity_id in state.function:
            state.function[activity_id]["active"] = False
    for item in event.added:
        state.function[item.id] = {
            "activity": item.activity,
            "first": item.score,
            "latest": item.score,
            "active": True,
        }
    for activity_id, score in event.scores:
        if activity_id in state.function:
            state.function[activity_id]["latest"] = score


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
