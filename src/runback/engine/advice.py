"""Today's advice from the fold's state: one small function per section of the output
(triage, zones, running, strength, form, escalation), each adding its reasons.

`advise(state, as_of, locale)` is pure and reads the state without changing it, so the
advice for a new day needs no new event."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any, cast

from runback.engine import running
from runback.engine.advice_form import (
    cadence_band,
    condition_section,
    form_section,
    measured_cadence,
)
from runback.engine.advice_running import (
    goal_output,
    running_section,
    segments,
    start_section,
    step_dict,
    walk_after_red,
)
from runback.engine.advice_safety import (
    Triage,
    escalation_section,
    function_output,
    late_unanswered,
    triage_section,
    zones_section,
)
from runback.engine.advice_strength import FACET_SWAP, strength_section
from runback.engine.explain import Explainer
from runback.engine.fold import irritability, paused, session_result, week_row
from runback.engine.models import Condition, Locale
from runback.engine.output import Output
from runback.engine.running import monday
from runback.engine.settings import ClinicSettings
from runback.engine.state import FoldState
from runback.engine.texts import (
    say,
)


def advise(state: FoldState, as_of: date, locale: Locale = "da") -> Output:
    """Today's advice from the state, as the engine contract's output (with the reasons)."""
    explain = Explainer(locale)
    triage = Triage.of(state)
    flags = triage.flags
    assert triage.paused == paused(state)
    settings, profile = state.settings, state.profile
    triage_out = triage_section(state, triage, explain)
    quiet = triage.paused  # TRIAGE-QUIET (v3): nothing but the guidance beside the flag
    if not quiet:
        zones_section(state, explain, as_of=as_of)
    phase, next_run, upcoming, upcoming_sessions = running_section(state, triage, as_of, explain)
    start_section(state, triage, explain)
    if not quiet:  # COND-QUIET (v3)
        condition_section(state, explain)
    irritability_now, irr_why = irritability(state.answers, settings)
    condition_swaps = _condition_swaps(profile.condition, settings)
    red_day = state.plan.red_dates[-1] if state.plan.red_dates else None
    strength_out = strength_section(
        condition_swaps=condition_swaps,
        hold_after_red=red_day,
        stalled=state.plan.stalled,
        paused=triage.paused,
        irritability=irritability_now,
        irr_why=irr_why,
        logs=state.strength,
        experienced=profile.strength_experience is True,
        as_of=as_of,
        settings=settings,
        explain=explain,
        flags=flags,
    )
    cadence = form_section(state, triage, phase, explain)
    escalations = [] if quiet else escalation_section(state, as_of, explain)
    function_out = None if quiet else function_output(state, explain)
    goal_out = None if quiet else goal_output(state)
    disclaimer_da, disclaimer_en = say("DISCLAIMER")
    # The sections build plain dicts; tests/engine/test_output_types.py checks the whole
    # against Output, key by key.
    out = {
        "as_of": as_of.isoformat(),
        "locale": locale,
        "triage": triage_out,
        "paused": triage.paused,
        "phase": phase,
        "irritability": irritability_now,
        "sessions": sessions_output(state, as_of),
        "followups": followups_output(state, as_of),
        "next_run": next_run,
        "upcoming_weeks": upcoming,
        "upcoming_sessions": upcoming_sessions,
        "weeks_done": _weeks_done(state, as_of),
        "strength": strength_out,
        "cadence_target_spm": cadence,
        "cadence_measured_spm": measured_cadence(state),
        "escalations": escalations,
        "goal": goal_out,
        "function": function_out,
        "life": None if quiet else (dict(state.life) or None),
        "cross": list(state.cross),
        "weekly_status": _weekly_status(state, as_of),
        "answers": dataclasses.asdict(state.answers),  # the latest, for the weekly status
        "condition": profile.condition.value,
        "plan": _plan(state),
        "explanation": explain.items,
        "rules": explain.rules(),
        "disclaimer": {"da": disclaimer_da, "en": disclaimer_en},
    }
    return cast(Output, out)


def _condition_swaps(condition: Condition, settings: ClinicSettings) -> tuple[tuple[str, str], ...]:
    """COND-FACET (v3): bird dog for back extension, unless a clinician swapped either."""
    chosen = dict(settings.exercise_swaps)
    if condition != Condition.FACET:
        return ()
    if FACET_SWAP[0] in chosen or FACET_SWAP[1] in chosen.values():
        return ()
    return (FACET_SWAP,)


def _plan(state: FoldState) -> dict[str, Any]:
    """Where the plan stands: the step, and how far along it."""
    plan, settings = state.plan, state.settings
    return {
        "step": step_dict(plan.step, settings)["phase"],
        "week": plan.step.week,
        "tolerated_at_step": plan.tolerated_at_step,
        "needed_at_step": running.needed_at(plan.step, settings),
        "stalled_since": plan.stalled_since.isoformat() if plan.stalled_since else None,
    }


def sessions_output(state: FoldState, as_of: date | None = None) -> list[dict[str, Any]]:
    """Every session with its zone and the rules behind it (the contract's `sessions`):
    the closed ones as they were closed, then the open ones. A provisional session whose
    next-morning window has passed by `as_of` shows as unanswered (ZONE-LATE)."""
    out = [*state.closed_sessions]
    for sid in state.order:
        rec = state.records[sid]
        item = session_result(rec)
        if as_of is not None and late_unanswered(state, rec.zone, rec.session.date, as_of):
            item.update(zone="unanswered", rules=["ZONE-LATE"])
        out.append(item)
    return out


def followups_output(state: FoldState, as_of: date) -> list[dict[str, Any]]:
    """ZONE-2 and ZONE-LATE: the sessions whose next-morning answer still counts on
    `as_of` or later, in fold order: from the day after the session through the clinic's
    window (`ClinicSettings.followup_window_days`); after it the session is unanswered
    and an answer changes nothing. `waiting`: provisional, and an answer dated `as_of`
    would settle it. Older sessions have left the open records, so only these are read."""
    window = timedelta(days=state.settings.followup_window_days)
    out: list[dict[str, Any]] = []
    for sid in state.order:
        rec = state.records[sid]
        day = rec.session.date
        if day > as_of or day + window < as_of:
            continue
        answerable_from = day + timedelta(days=1)
        out.append(
            {
                "session": rec.session.id,
                "date": day.isoformat(),
                "type": rec.session.kind,
                "zone": rec.zone,
                "answerable_from": answerable_from.isoformat(),
                "answerable_until": (day + window).isoformat(),
                "waiting": rec.zone == "provisional" and answerable_from <= as_of,
            }
        )
    return out


STATUS_EVERY_DAYS = 7  # the weekly status behind ESC-1's trend


def _weekly_status(state: FoldState, as_of: date) -> dict[str, Any]:
    """Is the weekly status due? From a week after the start, and then a week after the
    latest one (ESC-1 compares weekly averages, so it needs them)."""
    last = state.statuses.last_date
    since = last if last is not None else state.profile.start_date
    due_from = since + timedelta(days=STATUS_EVERY_DAYS)
    return {
        "due": as_of >= due_from,
        "due_from": due_from.isoformat(),
        "last": last.isoformat() if last is not None else None,
    }


def _weeks_done(state: FoldState, as_of: date) -> list[dict[str, Any]]:
    """Running minutes done per calendar week against the plan (for the runner's chart):
    the weeks already closed, then every week from the first open one to this week."""
    rows = list(state.closed_weeks)
    week = state.weeks_from or monday(state.profile.start_date)
    while week <= monday(as_of):
        rows.append(week_row(week, state.week_runs.get(week.isoformat(), []), state.settings))
        week += timedelta(days=7)
    return rows


__all__ = [
    "Explainer",
    "advise",
    "cadence_band",
    "followups_output",
    "function_output",
    "goal_output",
    "late_unanswered",
    "measured_cadence",
    "segments",
    "sessions_output",
    "walk_after_red",
]
