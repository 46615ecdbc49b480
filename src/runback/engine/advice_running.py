"""Today's running advice (RUN-*): the phase, the next session with its timed segments,
the weeks and sessions ahead, and the reasons (v3's RUN-BREAK, -OVER, -WALK-RED, -ALT,
-GOAL included)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from runback.engine import breaks, running, trend
from runback.engine.advice_safety import Triage, late_unanswered
from runback.engine.explain import Explainer
from runback.engine.fold import irritability, prescribed_step
from runback.engine.running import INTERVAL_WEEKS, Step, monday
from runback.engine.settings import ClinicSettings
from runback.engine.state import FoldState
from runback.engine.texts import (
    OVER_WORDS,
    SPORT_NAMES,
    START_STEP_NAMES,
    minutes_words,
)


def segments(step: Step, settings: ClinicSettings, walk_min: int | None = None) -> list[Any]:
    """The session as timed segments, in order: a walk alone; one continuous run; or the
    warm-up walk, then each round's run and walk (the timer, the watch workout and the
    matching of an imported activity all read this one list). `walk_min`: a walking
    session's minutes when not the full walk (RUN-WALK-RED)."""
    if step.kind == "walk":
        minutes = settings.walk_session_min if walk_min is None else walk_min
        return [{"kind": "walk", "seconds": 60 * minutes, "round": 0}]
    if step.kind == "continuous":
        return [{"kind": "run", "seconds": 60 * (step.minutes or 0), "round": 0}]
    if step.kind == "test":
        rounds, run, walk = settings.test_rounds, settings.test_run_min, settings.test_walk_min
    else:
        rounds, run, walk = INTERVAL_WEEKS[step.week or 1]
    out: list[Any] = [{"kind": "warmup", "seconds": 60 * settings.test_warmup_walk_min, "round": 0}]
    for n in range(1, rounds + 1):
        out.append({"kind": "run", "seconds": 60 * run, "round": n})
        out.append({"kind": "walk", "seconds": 60 * walk, "round": n})
    return out


def step_dict(step: Step, settings: ClinicSettings) -> dict[str, Any]:
    """The contract's `next_run` shape for one step."""
    out: dict[str, Any] = {
        "phase": step.kind,
        "week": None,
        "rounds": None,
        "run_min": None,
        "walk_min": None,
        "continuous_min": None,
        "warmup_walk_min": None,
        "sessions_per_week": step.quota(settings),
        "total_run_min": step.run_minutes(settings),
        "segments": segments(step, settings),
    }
    if step.kind == "walk":
        out["walk_min"] = settings.walk_session_min
    elif step.kind == "test":
        out.update(
            rounds=settings.test_rounds,
            run_min=settings.test_run_min,
            walk_min=settings.test_walk_min,
            warmup_walk_min=settings.test_warmup_walk_min,
        )
    elif step.kind == "intervals":
        rounds, run, walk = INTERVAL_WEEKS[step.week or 1]
        out.update(
            week=step.week,
            rounds=rounds,
            run_min=run,
            walk_min=walk,
            warmup_walk_min=settings.test_warmup_walk_min,
        )
    else:
        out["continuous_min"] = step.minutes
    return out


def _describe(step: Step, settings: ClinicSettings) -> dict[str, str]:
    """A session written concretely, e.g. 'Walk 5 min, then 4 x (run 2 min, walk 3 min)'."""
    if step.kind == "walk":
        m = settings.walk_session_min
        return {"da": f"Gå {m} min i samtaletempo", "en": f"Walk {m} min at a talking pace"}
    if step.kind == "test":
        w, r, run, walk = (
            settings.test_warmup_walk_min,
            settings.test_rounds,
            settings.test_run_min,
            settings.test_walk_min,
        )
        return {
            "da": f"Gå {w} min, derefter {r} × (løb {run} min, gå {walk} min)",
            "en": f"Walk {w} min, then {r} × (run {run} min, walk {walk} min)",
        }
    if step.kind == "intervals":
        rounds, run, walk = INTERVAL_WEEKS[step.week or 1]
        w = settings.test_warmup_walk_min
        return {
            "da": f"Gå {w} min, derefter {rounds} × (løb {run} min, gå {walk} min)",
            "en": f"Walk {w} min, then {rounds} × (run {run} min, walk {walk} min)",
        }
    return {
        "da": f"Løb {step.minutes} min uden pauser i roligt tempo",
        "en": f"Run {step.minutes} min without breaks at an easy pace",
    }


def goal_output(state: FoldState) -> dict[str, Any] | None:
    """RUN-GOAL (v3): the goal's weekly minutes and runs, and whether the plan has
    reached it (null before the runner has a goal)."""
    goal = running.goal_of(state.settings)
    if goal is None:
        return None
    step = state.plan.step
    return {
        "weekly_min": goal[0],
        "runs_per_week": goal[1],
        "reached": running.at_goal(step, state.settings),
        "planned_weekly_min": step.run_minutes(state.settings) * step.quota(state.settings)
        if step.kind == "continuous"
        else 0,
        "rules": ["RUN-GOAL"],
    }


def _break_now(
    state: FoldState, step: Step, as_of: date, explain: Explainer
) -> tuple[Step, running.PlanState, list[str]]:
    """RUN-BREAK (v3): the step after a gap to today (and the plan the projection starts
    from), or the step back the latest session's break already made."""
    plan, settings, latest = state.plan, state.settings, state.latest
    sim_plan = plan
    rules: list[str] = []
    if latest is not None and not plan.stalled:
        found = breaks.break_step(
            plan,
            gap=(as_of - latest.session.date).days,
            last_kind=latest.session.kind,
            back=False,
            settings=settings,
        )
        if found is not None and found.step.rank() < step.rank():
            step = found.step
            sim_plan = plan.copy()
            breaks.apply_break(sim_plan, found)
            rules.append("RUN-BREAK")
            explain.add("RUN-BREAK", gap=found.gap)
    applied = state.break_applied
    if (
        applied is not None
        and latest is not None
        and applied["date"] == latest.session.date.isoformat()
    ):
        rules.append("RUN-BREAK")
        explain.add("RUN-BREAK", gap=applied["gap"])
        if applied["back"]:
            explain.add("RUN-BREAK", "RUN-BREAK:back", gap=applied["gap"])
    return step, sim_plan, rules


def _over_reasons(state: FoldState, explain: Explainer) -> list[str]:
    """RUN-OVER (v3): the latest run did not move the plan on because of how it was run;
    twice within 7 days adds a caution naming what was done against the plan."""
    latest, settings = state.latest, state.settings
    if latest is None or latest.over is None:
        return []
    explain.add("RUN-OVER", date=latest.session.date, why=OVER_WORDS[latest.over])
    recent = [d for d in state.over_dates if 0 <= (latest.session.date - d).days < 7]
    if len(recent) >= 2:
        done = latest.session.run_min
        planned = latest.step_then.run_minutes(settings)
        explain.add(
            "RUN-OVER",
            "RUN-OVER:twice",
            done=minutes_words(int(done)) if done is not None else "?",
            planned=minutes_words(int(planned)),
        )
    return ["RUN-OVER"]


def _v3_run_extras(
    state: FoldState,
    step: Step,
    next_run: dict[str, Any],
    description: dict[str, str],
    explain: Explainer,
) -> list[str]:
    """RUN-WALK-RED, RUN-ALT and RUN-GOAL (v3): what they add to the next session (the
    walk's minutes and description, the alternative training's dose), and their rules."""
    settings, plan = state.settings, state.plan
    run_rules: list[str] = []
    if step.kind == "walk" and state.short_walks_left > 0:
        # RUN-WALK-RED (v3): a shorter walk after a red one, until two are tolerated.
        short = walk_after_red(settings)
        next_run["walk_min"] = short
        next_run["segments"] = segments(step, settings, walk_min=short)
        description.update(
            {
                "da": f"Gå {short} min i samtaletempo",
                "en": f"Walk {short} min at a talking pace",
            }
        )
        run_rules.append("RUN-WALK-RED")
        explain.add("RUN-WALK-RED", minutes=short, full=settings.walk_session_min)
    if plan.stalled or state.short_walks_left > 0:
        next_run["alternative_training"] = ["cycling", "swimming"]
        # RUN-ALT (v3): easy cycling or swimming, dosed from 10 minutes up to 30.
        dose = state.cross_dose_min or 10
        next_run["alternative_min"] = dose
        run_rules.append("RUN-ALT")
        explain.add("RUN-ALT", minutes=dose)
    if state.cross and state.cross[-1]["zone"] == "red":
        last_cross = state.cross[-1]
        explain.add(
            "RUN-ALT",
            "RUN-ALT:red",
            sport=SPORT_NAMES[last_cross["sport"]],
            date=date.fromisoformat(last_cross["date"]),
        )
    goal = running.goal_of(settings)
    if goal is not None and step.kind == "continuous":
        key = "RUN-GOAL:reached" if running.at_goal(step, settings) else "RUN-GOAL"
        explain.add("RUN-GOAL", key, goal=goal[0], runs=goal[1], pct=settings.weekly_increase_pct)
        run_rules.append("RUN-GOAL")
    return run_rules


def _phase(triage: Triage, plan: running.PlanState, capped: bool) -> str:
    if triage.paused:
        return "paused"
    if plan.stalled:
        return "alternative"
    return "walk" if capped else plan.step.kind


def _earliest(state: FoldState, step: Step, as_of: date) -> tuple[date, int]:
    """The next session's earliest day (RUN-CAP, the rest days), and the runs this week."""
    plan, records = state.plan, state.records.values()
    runs = [r.session for r in records if r.session.kind == "run"]
    walks_count = step.kind == "walk" or plan.stalled
    spacing = [r.session.date for r in records if r.session.kind == "run" or walks_count]
    runs_this_week = sum(1 for s in runs if monday(s.date) == monday(as_of))
    earliest = running.earliest_run_date(
        state=plan,
        step=step,
        as_of=max(as_of, state.profile.start_date),
        last_session=max(spacing) if spacing else None,
        runs_this_week=runs_this_week,
        settings=state.settings,
        not_before=state.last_cleared.date if state.last_cleared else None,
    )
    return earliest, runs_this_week


def _latest_reasons(
    state: FoldState, step: Step, capped: bool, as_of: date, explain: Explainer
) -> list[str]:
    """What the latest session did to the plan: RUN-OVER, ZONE-TREND, RUN-ADV-G/R, ZONE-2."""
    plan, latest = state.plan, state.latest
    held = latest is not None and (latest.zone == "red" or latest.over is not None or latest.trend)
    rules = _over_reasons(state, explain)
    if trend.trend_holds(state.week_pain, monday(as_of)):
        rules.append("ZONE-TREND")
    if state.advanced and not plan.stalled and not capped and not held:
        rules.append("RUN-ADV-G")
        explain.add("RUN-ADV-G")
    if latest is None:
        return rules
    if latest.zone == "red" and not plan.stalled:
        rules.append("RUN-ADV-R")
        words = _describe(step, state.settings)
        explain.add("RUN-ADV-R", step=(words["da"].lower(), words["en"].lower()))
    if latest.zone == "provisional" and not late_unanswered(
        state, latest.zone, latest.session.date, as_of
    ):  # ZONE-LATE: a session past its window is no longer waited for
        rules.append("ZONE-2")
    if latest.partial:
        explain.add("RUN-ADV-G", "RUN:partial", date=latest.session.date)
    return rules


def _ahead(
    projection: running.Projection, settings: ClinicSettings
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The weeks ahead, and the sessions the same simulation places, from the next run's
    earliest day through the end of the week after it, each in `next_run`'s shape with
    its day; the first is the next run. Empty while paused, walking only (RUN-IRR) or
    stalled (RUN-STALL)."""
    upcoming = [
        {
            "week_start": w.week_start.isoformat(),
            "run_minutes": w.run_minutes,
            "sessions": w.sessions,
        }
        for w in projection.weeks
    ]
    sessions = [
        {
            "date": s.day.isoformat(),
            **step_dict(s.step, settings),
            "description": _describe(s.step, settings),
        }
        for s in projection.sessions
    ]
    return upcoming, sessions


def running_section(
    state: FoldState, triage: Triage, as_of: date, explain: Explainer
) -> tuple[str, dict[str, Any] | None, list[dict[str, Any]], list[dict[str, Any]]]:
    """RUN-*: the phase, the next session, the four weeks after this one and the sessions
    of the coming days."""
    plan, settings, latest = state.plan, state.settings, state.latest
    irritable_now = irritability(state.answers, settings)[0] == "high"
    capped = irritable_now and not plan.stalled and plan.step.kind != "walk"
    phase = _phase(triage, plan, capped)
    if triage.paused:
        explain.add(triage.flags[0], "RUN:paused")
        return phase, None, [], []
    step = Step("walk") if plan.stalled else prescribed_step(state, as_of)
    step, sim_plan, run_rules_v3 = _break_now(state, step, as_of, explain)
    if sim_plan is not plan:  # RUN-BREAK stepped the plan back: the phase is where it is now
        phase = _phase(triage, sim_plan, capped)
    earliest, runs_this_week = _earliest(state, step, as_of)
    run_rules = _step_reasons(state, step, capped, explain) + run_rules_v3
    run_rules += _latest_reasons(state, step, capped, as_of, explain)
    next_run = step_dict(step, settings)
    description = _describe(step, settings)
    run_rules += _v3_run_extras(state, step, next_run, description, explain)
    gap_now = (as_of - latest.session.date).days if latest is not None else 0
    next_run["break_question"] = gap_now >= breaks.BREAK_MIN_DAYS  # RUN-BREAK: ask why
    next_run.update(
        earliest_date=earliest.isoformat(),
        rules=list(dict.fromkeys(run_rules)),
        description=description,
    )
    projection = running.project(
        state=sim_plan,
        step=step,
        first_day=earliest,
        as_of=as_of,
        runs_this_week=runs_this_week,
        settings=settings,
        walk_only=irritable_now,
    )
    upcoming, sessions = _ahead(projection, settings)
    return phase, next_run, upcoming, sessions


# RUN-WALK-RED (v3): the walk after a red walk is this share of the full walk.
WALK_AFTER_RED_SHARE = 0.75


WALK_AFTER_RED_MIN = 10


def walk_after_red(settings: ClinicSettings) -> int:
    """RUN-WALK-RED: 25 % shorter, rounded down to 5 minutes, at least 10."""
    short = math.floor(settings.walk_session_min * WALK_AFTER_RED_SHARE / 5) * 5
    return max(WALK_AFTER_RED_MIN, short)


def _step_reasons(state: FoldState, step: Step, capped: bool, explain: Explainer) -> list[str]:
    """The rules behind the step prescribed, with their reasons."""
    settings, plan = state.settings, state.plan
    if plan.stalled:
        explain.add("RUN-STALL", days=settings.stall_window_days, rest=settings.stall_rest_days)
        explain.add("RUN-P1", "RUN-P1:walk", minutes=settings.walk_session_min)
        return ["RUN-STALL", "RUN-P1"]
    if capped:
        explain.add("RUN-IRR", minutes=settings.walk_session_min)
        return ["RUN-IRR"]
    if step.kind == "walk":
        explain.add("RUN-P1", "RUN-P1:walk", minutes=settings.walk_session_min)
        return ["RUN-P1"]
    if step.kind == "test":
        explain.add(
            "RUN-P1",
            "RUN-P1:test",
            warmup=settings.test_warmup_walk_min,
            rounds=settings.test_rounds,
            run=minutes_words(settings.test_run_min),
            walk=settings.test_walk_min,
        )
        return ["RUN-P1"]
    if step.kind == "intervals":
        rounds, run, walk = INTERVAL_WEEKS[step.week or 1]
        explain.add(
            "RUN-P2",
            week=step.week,
            rounds=rounds,
            run=run,
            walk=walk,
            needed=running.needed_at(step, settings),
            done=plan.tolerated_at_step if step == plan.step else 0,
        )
        explain.add("RUN-CAP", pct=settings.weekly_increase_pct)
        return ["RUN-P2", "RUN-CAP"]
    explain.add("RUN-P3", runs=step.quota(settings), minutes=step.minutes)
    explain.add("RUN-ORDER")
    explain.add("RUN-CAP", pct=settings.weekly_increase_pct)
    return ["RUN-P3", "RUN-ORDER", "RUN-CAP"]


def start_section(state: FoldState, triage: Triage, explain: Explainer) -> None:
    """RUN-P1/RUN-P2: where a clinician set the runner's running to start, and whether
    the plan moved there (not during a stall or right after a red session)."""
    name = state.settings.start_step
    if not name or state.start_set is None or triage.paused:
        return
    rule = "RUN-P2" if name.startswith("intervals") else "RUN-P1"
    key = "RUN:start" if state.start_applied else "RUN:start_held"
    explain.add(rule, key, step=START_STEP_NAMES[name], date=state.start_set)
