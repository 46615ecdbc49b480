"""Today's advice from the fold's state: one small function per section of the output
(triage, zones, running, strength, form, escalation), each adding its reasons.

`advise(state, as_of, locale)` is pure and reads the state without changing it, so the
advice for a new day needs no new event.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, cast

from runback.engine import breaks, running, strength, trend
from runback.engine.fold import irritability, paused, prescribed_step, session_result, week_row
from runback.engine.models import Condition, Locale
from runback.engine.output import Output
from runback.engine.rules import TRIAGE_ADVISE, TRIAGE_EMERGENCY, TRIAGE_FLAGS, TRIAGE_PAUSING
from runback.engine.running import INTERVAL_WEEKS, Step, monday
from runback.engine.settings import ClinicSettings
from runback.engine.state import FoldState, StatusWeeks, StrengthSummary
from runback.engine.texts import (
    BAND_NAMES,
    EXAMINER_NAMES,
    EXERCISE_NAMES,
    FLAG_NAMES,
    OVER_WORDS,
    SPORT_NAMES,
    START_STEP_NAMES,
    minutes_words,
    say,
)
from runback.engine.triage import flag_level

CONDITION_RULES: dict[Condition, str] = {
    Condition.DISC: "COND-DISC",
    Condition.OSTEOARTHRITIS: "COND-OA",
    Condition.MUSCULAR: "COND-MUSC",
    Condition.PROGRESSION: "COND-PROG",
    Condition.SI_JOINT: "COND-SI",  # v3: each its own text
    Condition.FACET: "COND-FACET",
    Condition.HIP: "COND-HIP",
}

# COND-FACET (v3): the strengthening programme leaves out back extension (bird dog
# instead), unless a clinician has chosen a swap for it.
FACET_SWAP = ("back_extension", "bird_dog")


class Explainer:
    """Collects the reasons, once per message, in the order they were decided."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.items: list[dict[str, str]] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, rule: str, key: str | None = None, **params: Any) -> None:
        da, en = say(key or rule, **params)
        if (rule, da) in self._seen:
            return
        self._seen.add((rule, da))
        self.items.append(
            {"rule": rule, "text": da if self.locale == "da" else en, "text_da": da, "text_en": en}
        )

    def rules(self) -> list[str]:
        return list(dict.fromkeys(item["rule"] for item in self.items))


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


def _step_dict(step: Step, settings: ClinicSettings) -> dict[str, Any]:
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


def _flag_names(flags: list[str]) -> tuple[str, str]:
    """The flags in words, joined for a sentence, in Danish and in English."""
    da = [FLAG_NAMES[f][0] for f in flags]
    en = [FLAG_NAMES[f][1] for f in flags]
    return _join(da, "og"), _join(en, "and")


def _join(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def _helpline_words(settings: ClinicSettings) -> tuple[str, str]:
    """The medical helpline in a sentence: with the runner's region's number, or, when the
    region is not known, by its name only (section 1: who to call)."""
    number = settings.medical_helpline
    if number:
        return f"lægevagten på {number}", f"the medical helpline on {number}"
    return "lægevagten i din region", "your region's medical helpline"


# FORM-CAD-CAP (v3) [derived]: an increase only below 170 spm, and never above 180.
CADENCE_NO_CHANGE_SPM = 170
CADENCE_MAX_SPM = 180


def cadence_band(cadence: int, settings: ClinicSettings) -> list[int] | None:
    """FORM-CAD: [ceil(c * 1.05), floor(c * 1.10)], so the band never leaves +5-10 %.
    Exact fractions, since 160 * 1.05 is 168.00000000000003 in floating point.
    FORM-CAD-CAP (v3): None at 170 spm or more; the upper end at most 180."""
    if cadence >= CADENCE_NO_CHANGE_SPM:
        return None
    low = Fraction(cadence) * (100 + Fraction(str(settings.cadence_increase_min_pct))) / 100
    high = Fraction(cadence) * (100 + Fraction(str(settings.cadence_increase_max_pct))) / 100
    band = [math.ceil(low), min(CADENCE_MAX_SPM, math.floor(high))]
    return band if band[0] <= band[1] else None


def _esc1(
    weeks: StatusWeeks, start: date, as_of: date, settings: ClinicSettings
) -> tuple[float, float] | None:
    """ESC-1: after 6 weeks, has the weekly average pain fallen by >= 2 points or 30 %?

    Returns (first week's average, latest week's average) when it has NOT; else None.
    """
    if (as_of - start).days < 7 * settings.esc1_weeks:
        return None
    if weeks.first_week is None or weeks.first_week == weeks.latest_week:
        return None
    first = sum(weeks.first_values) / len(weeks.first_values)
    latest = sum(weeks.latest_values) / len(weeks.latest_values)
    drop = first - latest
    if drop >= settings.esc1_min_drop_points - 1e-9:
        return None
    if first > 0 and drop / first >= settings.esc1_min_drop_pct / 100 - 1e-9:
        return None
    return round(first, 1), round(latest, 1)


@dataclass(frozen=True)
class Triage:
    """The open flags, split by what they mean for the plan."""

    flags: list[str]  # emergency and prompt flags: the plan pauses
    advise_flags: list[str]  # TRIAGE-14, 15: see a doctor within weeks, the plan goes on
    level: str

    @property
    def paused(self) -> bool:
        return bool(self.flags)


def advise(state: FoldState, as_of: date, locale: Locale = "da") -> Output:
    """Today's advice from the state, as the engine contract's output (with the reasons)."""
    explain = Explainer(locale)
    flags = [f for f in TRIAGE_FLAGS if f in state.open_flags and f in TRIAGE_PAUSING]
    advise_flags = [f for f in TRIAGE_FLAGS if f in state.open_flags and f in TRIAGE_ADVISE]
    level = (
        "emergency"
        if any(f in TRIAGE_EMERGENCY for f in flags)
        else "prompt"
        if flags
        else "advise"
        if advise_flags
        else "none"
    )
    triage = Triage(flags, advise_flags, level)
    assert triage.paused == paused(state)
    settings, profile = state.settings, state.profile
    triage_out = _triage_section(state, triage, explain)
    quiet = triage.paused  # TRIAGE-QUIET (v3): nothing but the guidance beside the flag
    if not quiet:
        _zones_section(state, explain, as_of=as_of)
    phase, next_run, upcoming, upcoming_sessions = _running_section(state, triage, as_of, explain)
    _start_section(state, triage, explain)
    if not quiet:  # COND-QUIET (v3)
        _condition_section(state, explain)
    irritability_now, irr_why = irritability(state.answers, settings)
    condition_swaps = (
        (FACET_SWAP,)
        if profile.condition == Condition.FACET
        and FACET_SWAP[0] not in dict(settings.exercise_swaps)
        and FACET_SWAP[1] not in dict(settings.exercise_swaps).values()
        else ()
    )
    red_day = state.plan.red_dates[-1] if state.plan.red_dates else None
    strength_out = _strength(
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
    cadence = _form_section(state, triage, phase, explain)
    escalations = [] if quiet else _escalation_section(state, as_of, explain)
    function_out = None if quiet else function_output(state, explain)
    goal_out = None if quiet else goal_output(state)
    disclaimer_da, disclaimer_en = say("DISCLAIMER")
    plan = state.plan
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
        "plan": {
            "step": _step_dict(plan.step, settings)["phase"],
            "week": plan.step.week,
            "tolerated_at_step": plan.tolerated_at_step,
            "needed_at_step": running.needed_at(plan.step, settings),
            "stalled_since": plan.stalled_since.isoformat() if plan.stalled_since else None,
        },
        "explanation": explain.items,
        "rules": explain.rules(),
        "disclaimer": {"da": disclaimer_da, "en": disclaimer_en},
    }
    return cast(Output, out)


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


def late_unanswered(state: FoldState, zone: str, day: date, as_of: date) -> bool:
    """ZONE-LATE (v3): provisional, and its window has passed by `as_of`."""
    return zone == "provisional" and (as_of - day).days > state.settings.followup_window_days


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


# FUNC-3 [derived]: about 2 points in the mean PSFS score is the minimal important change.
FUNCTION_IMPROVED_POINTS = 2.0


def function_output(state: FoldState, explain: Explainer | None = None) -> dict[str, Any] | None:
    """FUNC-1..3 (v3): the first and latest means of the activities followed now, and
    whether function has improved (null without ratings)."""
    active = {k: v for k, v in state.function.items() if v.get("active")}
    if not active:
        return None
    first = sum(v["first"] for v in active.values()) / len(active)
    latest = sum(v["latest"] for v in active.values()) / len(active)
    improved = latest - first >= FUNCTION_IMPROVED_POINTS - 1e-9
    better = [v["activity"] for v in active.values() if v["latest"] > v["first"]]
    if explain is not None:
        explain.add("FUNC-1", count=len(active), latest=round(latest, 1))
        if improved:
            explain.add("FUNC-3", first=round(first, 1), latest=round(latest, 1))
    return {
        "first_mean": round(first, 2),
        "latest_mean": round(latest, 2),
        "improved": improved,
        "improved_activities": better,
        "activities": [
            {"id": k, "activity": v["activity"], "first": v["first"], "latest": v["latest"]}
            for k, v in active.items()
        ],
        "rules": ["FUNC-1", "FUNC-3"] if improved else ["FUNC-1"],
    }


def _triage_section(state: FoldState, triage: Triage, explain: Explainer) -> dict[str, Any]:
    """TRIAGE: who to call and what pauses; red flags outrank everything."""
    settings, last_cleared = state.settings, state.last_cleared
    out: dict[str, Any] = {
        "level": triage.level,
        "open_flags": triage.flags,
        "advise_flags": triage.advise_flags,
        "flags": [
            {"id": f, "level": flag_level(f), "reported_on": _reported_on(state, f)}
            for f in (*triage.flags, *triage.advise_flags)
        ],
        "history": state.flag_history,
        "clearances": state.clearances,
        "emergency_number": settings.emergency_number,
        "medical_helpline": settings.medical_helpline,
    }
    helpline = _helpline_words(settings)
    if triage.paused:
        names = _flag_names(triage.flags)
        key = "TRIAGE:emergency" if triage.level == "emergency" else "TRIAGE:prompt"
        for flag in triage.flags:
            explain.add(
                flag, key, flags=names, emergency=settings.emergency_number, helpline=helpline
            )
        da, en = say(key, flags=names, emergency=settings.emergency_number, helpline=helpline)
        out["guidance"] = {"da": da, "en": en}
        again = [f for f in state.asked_again if f in triage.flags]
        if again:  # TRIAGE-CLEAR (v3): why a runner's report did not resume the plan
            for flag in again:
                explain.add(flag, "TRIAGE:ask_again", flags=_flag_names(again))
            out["asked_again"] = again
    elif last_cleared is not None:
        by = last_cleared.by
        if by == "runner" and last_cleared.examined_on is None:
            by = "doctor"  # a runner's report without the examination's details
        examiner = EXAMINER_NAMES.get(last_cleared.examined_by or "", ("læge", "doctor"))
        for flag in dict.fromkeys(
            f for h in state.flag_history for f in h["flags"] if f in TRIAGE_PAUSING
        ):
            explain.add(
                flag,
                f"TRIAGE:cleared:{by}",
                date=last_cleared.date,
                examined=last_cleared.examined_on or last_cleared.date,
                by=examiner,
            )
    if last_cleared is not None:
        out["cleared"] = {
            "date": last_cleared.date.isoformat(),
            "by": last_cleared.by,
            "examined_by": last_cleared.examined_by,
            "examined_on": (
                last_cleared.examined_on.isoformat() if last_cleared.examined_on else None
            ),
        }
    out["to_review"] = [c for c in state.clearances if c.get("to_review")]
    if triage.advise_flags:
        names = _flag_names(triage.advise_flags)
        for flag in triage.advise_flags:
            explain.add(flag, "TRIAGE:advise", flags=names)
        da, en = say("TRIAGE:advise", flags=names)
        out["advice"] = {"da": da, "en": en}
    if not triage.paused and not triage.advise_flags:
        explain.add("TRIAGE-R")
    return out


def _reported_on(state: FoldState, flag: str) -> str:
    """The latest day an open flag was reported (the intake counts as a report)."""
    day = state.open_flags[flag].isoformat()
    for report in state.flag_history:
        if flag in report["flags"]:
            day = max(day, str(report["date"]))
    return day


def _zones_section(state: FoldState, explain: Explainer, *, as_of: date | None = None) -> None:
    """ZONE-1..4: the traffic light's reasons (and v3's ZONE-NEXT, -LEG, -LATE, -TREND)."""
    settings, latest = state.settings, state.latest
    if state.closed_tolerated or any(r.zone in ("green", "yellow") for r in state.records.values()):
        explain.add("ZONE-1", green=settings.green_max_pain + 1, yellow=settings.yellow_max_pain)
    late = (
        latest is not None
        and as_of is not None
        and late_unanswered(state, latest.zone, latest.session.date, as_of)
    )
    for rec in state.records.values():
        day = rec.session.date
        if rec.small_rise and rec.baseline is not None:
            explain.add(
                "ZONE-NEXT",
                date=day,
                pain=rec.morning_pain,
                baseline=_num(rec.baseline),
                points=settings.next_morning_worse_points,
            )
            explain.add("ZONE-BASE")
        if "leg_symptoms_spread" in rec.reasons:
            explain.add("ZONE-LEG", date=day)
        if rec.zone == "unanswered" or (
            as_of is not None and late_unanswered(state, rec.zone, day, as_of)
        ):
            explain.add("ZONE-LATE", date=day, days=settings.followup_window_days)
        if rec.late_worse:
            explain.add("ZONE-LATE", "ZONE-LATE:worse", date=day)
    if as_of is not None and trend.trend_holds(state.week_pain, monday(as_of)):
        weeks = " → ".join(_num(v) for v in trend.chain_before(state.week_pain, monday(as_of)))
        explain.add("ZONE-TREND", weeks=weeks)
    if latest is not None and latest.zone == "provisional" and not late:
        explain.add("ZONE-2", date=latest.session.date)
        if latest.early_answer is not None:
            explain.add(
                "ZONE-2",
                "ZONE-2:early",
                date=latest.session.date,
                answered=latest.early_answer,
                earliest=latest.session.date + timedelta(days=1),
            )
    if state.sessions_seen:
        explain.add(
            "ZONE-3",
            green=settings.green_max_pain,
            yellow=settings.yellow_max_pain,
            red=settings.yellow_max_pain + 1,
        )
    if state.zone4_date is not None:
        explain.add("ZONE-4", date=state.zone4_date)


def _num(value: float) -> str:
    """A rating as a sentence shows it: 2, or 2,5 / 2.5 (language-neutral: the dot)."""
    return f"{value:g}"


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


def _running_section(
    state: FoldState, triage: Triage, as_of: date, explain: Explainer
) -> tuple[str, dict[str, Any] | None, list[dict[str, Any]], list[dict[str, Any]]]:
    """RUN-*: the phase, the next session, the four weeks after this one and the sessions
    of the coming days."""
    plan, settings, latest = state.plan, state.settings, state.latest
    irritable_now = irritability(state.answers, settings)[0] == "high"
    capped = irritable_now and not plan.stalled and plan.step.kind != "walk"
    phase: str = (
        "paused"
        if triage.paused
        else "alternative"
        if plan.stalled
        else "walk"
        if capped
        else plan.step.kind
    )
    if triage.paused:
        explain.add(triage.flags[0], "RUN:paused")
        return phase, None, [], []
    step = Step("walk") if plan.stalled else prescribed_step(state, as_of)
    step, sim_plan, run_rules_v3 = _break_now(state, step, as_of, explain)
    records = state.records.values()
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
        settings=settings,
        not_before=state.last_cleared.date if state.last_cleared else None,
    )
    run_rules = _step_reasons(state, step, capped, explain) + run_rules_v3
    held = latest is not None and (latest.zone == "red" or latest.over is not None or latest.trend)
    run_rules += _over_reasons(state, explain)
    if trend.trend_holds(state.week_pain, monday(as_of)):
        run_rules.append("ZONE-TREND")
    if state.advanced and not plan.stalled and not capped and not held:
        run_rules.append("RUN-ADV-G")
        explain.add("RUN-ADV-G")
    if latest is not None and latest.zone == "red" and not plan.stalled:
        run_rules.append("RUN-ADV-R")
        words = _describe(step, settings)
        explain.add("RUN-ADV-R", step=(words["da"].lower(), words["en"].lower()))
    if latest is not None and latest.zone == "provisional":
        run_rules.append("ZONE-2")
    if latest is not None and latest.partial:
        explain.add("RUN-ADV-G", "RUN:partial", date=latest.session.date)
    next_run = _step_dict(step, settings)
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
    upcoming = [
        {
            "week_start": w.week_start.isoformat(),
            "run_minutes": w.run_minutes,
            "sessions": w.sessions,
        }
        for w in projection.weeks
    ]
    # The sessions the same simulation places, from the next run's earliest day through
    # the end of the week after it, each in `next_run`'s shape with its day; the first is
    # the next run. Empty while paused, walking only (RUN-IRR) or stalled (RUN-STALL).
    sessions = [
        {
            "date": s.day.isoformat(),
            **_step_dict(s.step, settings),
            "description": _describe(s.step, settings),
        }
        for s in projection.sessions
    ]
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


def _start_section(state: FoldState, triage: Triage, explain: Explainer) -> None:
    """RUN-P1/RUN-P2: where a clinician set the runner's running to start, and whether
    the plan moved there (not during a stall or right after a red session)."""
    name = state.settings.start_step
    if not name or state.start_set is None or triage.paused:
        return
    rule = "RUN-P2" if name.startswith("intervals") else "RUN-P1"
    key = "RUN:start" if state.start_applied else "RUN:start_held"
    explain.add(rule, key, step=START_STEP_NAMES[name], date=state.start_set)


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


def _condition_section(state: FoldState, explain: Explainer) -> None:
    """COND-*: the guidance for the condition the runner named."""
    cond_rule = CONDITION_RULES.get(state.profile.condition)
    if cond_rule == "COND-PROG":
        explain.add(cond_rule, pct=state.settings.weekly_increase_pct)
    elif cond_rule:
        explain.add(cond_rule)


def _form_section(
    state: FoldState, triage: Triage, phase: str, explain: Explainer
) -> list[int] | None:
    """FORM-*: the cadence band and the running-form tips (when running)."""
    cadence: list[int] | None = None
    if triage.paused:
        return None  # TRIAGE-QUIET (v3): no cadence band beside an open flag
    # FORM-CAD-CAP (v3): the band is set from the first measured cadence (the median of
    # the first five watch runs; the intake estimate until then) and never moved up.
    first = sorted(state.first_cadences)
    base = first[(len(first) - 1) // 2] if first else state.profile.cadence_spm
    spm = measured_cadence(state) or state.profile.cadence_spm
    if base is not None:
        cadence = cadence_band(base, state.settings)
    if phase not in ("walk", "alternative"):
        if cadence is not None:
            key = "FORM-CAD:watch" if state.measured_cadence else None
            explain.add("FORM-CAD", key, cadence=base, low=cadence[0], high=cadence[1])
            if spm is not None and spm > (base or 0):
                explain.add("FORM-CAD-CAP", "FORM-CAD-CAP:progress", base=base, cadence=spm)
        elif base is not None:
            explain.add("FORM-CAD-CAP", cadence=spm or base)
        for rule in ("FORM-LEAN", "FORM-STRIDE", "FORM-NOTE", "COND-GAIT"):
            explain.add(rule)
    return cadence


def measured_cadence(state: FoldState) -> int | None:
    """FORM-CAD: the cadence the watch measured on the latest runs (their median, the
    lower middle value for an even count), which replaces the intake estimate."""
    values = sorted(state.measured_cadence)
    return values[(len(values) - 1) // 2] if values else None


def _escalation_section(state: FoldState, as_of: date, explain: Explainer) -> list[str]:
    """ESC-1..6: when to recommend a professional (red flags are stronger, above)."""
    settings, answers = state.settings, state.answers
    escalations: list[str] = []
    esc1 = _esc1(state.statuses, state.profile.start_date, as_of, settings)
    func = function_output(state)
    if esc1 is not None and func is not None and func["improved"] and esc1[1] <= esc1[0]:
        esc1 = None  # ESC-1 (v3): function has improved (FUNC-3), and pain is not above
    if esc1 is not None:
        escalations.append("ESC-1")
        explain.add(
            "ESC-1",
            weeks=settings.esc1_weeks,
            first=esc1[0],
            latest=esc1[1],
            points=settings.esc1_min_drop_points,
            pct=settings.esc1_min_drop_pct,
        )
    for rule, answer in (
        ("ESC-2", answers.unsure_what_is_allowed),
        ("ESC-3", state.plan.stalled),
        ("ESC-4", answers.sleep_or_daily_life_affected),
        ("ESC-5", answers.radiating_leg_pain),
        ("ESC-6", answers.wants_structured_plan),
    ):
        if answer is True:
            escalations.append(rule)
            explain.add(rule)
    if trend.esc7(state.week_pain, monday(as_of)):  # ESC-7 (v3)
        escalations.append("ESC-7")
        explain.add("ESC-7")
    return escalations


def _weeks_done(state: FoldState, as_of: date) -> list[dict[str, Any]]:
    """Running minutes done per calendar week against the plan (for the runner's chart):
    the weeks already closed, then every week from the first open one to this week."""
    rows = list(state.closed_weeks)
    week = state.weeks_from or monday(state.profile.start_date)
    while week <= monday(as_of):
        rows.append(week_row(week, state.week_runs.get(week.isoformat(), []), state.settings))
        week += timedelta(days=7)
    return rows


def _strength(
    *,
    paused: bool,
    irritability: str,
    irr_why: list[tuple[str, str]],
    logs: dict[str, StrengthSummary],
    experienced: bool,
    as_of: date,
    settings: ClinicSettings,
    explain: Explainer,
    flags: list[str],
    condition_swaps: tuple[tuple[str, str], ...] = (),
    hold_after_red: date | None = None,
    stalled: bool = False,
) -> dict[str, Any]:
    """STR-*: relieving or strengthening exercises with sets, reps, holds and loads.

    `condition_swaps` are the condition's own swaps (COND-FACET); STR-HOLD (v3) keeps
    the loads from the day after a red session (`hold_after_red`) through the seventh
    day, and while running stalls keeps them at 2 sets."""
    if paused:
        explain.add(flags[0], "STR:paused")
        return {
            "category": "none",
            "exercises": [],
            "warm_up": [],
            "alternatives": [],
            "earliest_date": None,
            "rules": [flags[0]],
        }
    rules = ["STR-IRR"]
    if irritability == "high":
        why = tuple("; ".join(w[i] for w in irr_why) for i in (0, 1))
        explain.add("STR-IRR", "STR-IRR:high", why=why)
        explain.add("STR-REL")
        rules.append("STR-REL")
        category = "relieving"
    else:
        explain.add("STR-IRR", "STR-IRR:low")
        category = "strengthening"
        programme = strength.programme(category, settings.exercise_swaps + condition_swaps)
        explain.add("STR-STR", names=_exercise_list(programme))
        explain.add("COND-WEAK")
        rules += ["STR-STR", "STR-VOL", "STR-INT"]
    ids = strength.programme(category, settings.exercise_swaps + condition_swaps)
    if category == "strengthening":
        ids += tuple(i for i in strength.SUPPLEMENTARY if i in logs and i not in ids)
    replaced = {new: old for old, new in settings.exercise_swaps if new in ids}
    for new, old in replaced.items():
        explain.add("STR-ANY", "STR-ANY:swap", old=EXERCISE_NAMES[old], new=EXERCISE_NAMES[new])
    exercises = _exercises(
        ids,
        logs,
        replaced,
        category=category,
        experienced=experienced,
        as_of=as_of,
        settings=settings,
        explain=explain,
        rules=rules,
        hold_after_red=hold_after_red,
        stalled=stalled,
    )
    if category == "strengthening":
        sets = min(e["sets"] for e in exercises)
        full = min(strength.EXERCISES[e["id"]].sets for e in exercises)
        if sets < full:
            explain.add("STR-VOL", sets=sets, full=full, weeks=settings.beginner_build_weeks)
        else:
            explain.add("STR-VOL", "STR-VOL:full", sets=sets)
        explain.add("STR-INT")
    last_day = max((s.last_date for s in logs.values()), default=None)
    earliest = (
        as_of
        if last_day is None
        else max(as_of, last_day + timedelta(days=settings.strength_rest_days))
    )
    explain.add("STR-FREQ", hours=24 * settings.strength_rest_days, date=earliest)
    explain.add("STR-ANY")
    rules += ["STR-FREQ", "STR-ANY"]
    return {
        "category": category,
        "exercises": exercises,
        "warm_up": list(strength.RELIEVING) if category == "strengthening" else [],
        "alternatives": [i for i in strength.SUPPLEMENTARY if i not in ids]
        if category == "strengthening"
        else [],
        "sessions_per_week": "2-3",
        "earliest_date": earliest.isoformat(),
        "rules": list(dict.fromkeys(rules)),
    }


# Names that keep their capital letter inside a sentence.
PROPER_NAMES = ("Romanian", "Pallof")


def _exercise_list(ids: tuple[str, ...]) -> tuple[str, str]:
    """The programme's exercises named in a sentence, in Danish and English."""

    def lower(name: str) -> str:
        return name if name.startswith(PROPER_NAMES) else name[0].lower() + name[1:]

    da = [lower(EXERCISE_NAMES[i][0]) for i in ids]
    en = [lower(EXERCISE_NAMES[i][1]) for i in ids]
    return _join(da, "og"), _join(en, "and")


STALL_SETS = 2  # STR-HOLD: the low end of STR-VOL while running stalls
HOLD_DAYS = 7  # STR-HOLD: from the day after a red session through the seventh day


def _hold_window(red_day: date | None, settings: ClinicSettings) -> tuple[date, date] | None:
    if red_day is None:
        return None
    return red_day + timedelta(days=1), red_day + timedelta(days=HOLD_DAYS)


def _held(hold: tuple[date, date] | None, as_of: date, history: StrengthSummary | None) -> bool:
    """STR-HOLD: no load is raised in the hold, and a session logged in it earns nothing
    (the next one after it does)."""
    if hold is None:
        return False
    if hold[0] <= as_of <= hold[1]:
        return True
    last = history.last_loaded if history is not None else None
    return last is not None and hold[0] <= last.date <= hold[1]


def _hold_item(item: dict[str, Any]) -> None:
    """STR-HOLD: the load stays where it was."""
    if item.get("progression") in ("increase", "band_increase"):
        if "previous_load_kg" in item:
            item["load_kg"] = item["previous_load_kg"]
        if "previous_band" in item:
            item["band"] = item["previous_band"]
        item["progression"] = "keep"
        item["held"] = True
        item.pop("next_increase_date", None)


def _exercises(
    ids: tuple[str, ...],
    logs: dict[str, StrengthSummary],
    replaced: dict[str, str],
    *,
    category: str,
    experienced: bool,
    as_of: date,
    settings: ClinicSettings,
    explain: Explainer,
    rules: list[str],
    hold_after_red: date | None,
    stalled: bool,
) -> list[dict[str, Any]]:
    """Each exercise of the programme with its dose and load; STR-HOLD (v3) keeps the
    loads after a red session and, while running stalls, the sets at 2."""
    hold = _hold_window(hold_after_red, settings)
    exercises = []
    for exercise_id in ids:
        history = _carried(logs, exercise_id, replaced.get(exercise_id))
        held = stalled or _held(hold, as_of, history)
        item, progressed = _exercise_item(
            exercise_id,
            history,
            experienced=experienced,
            as_of=as_of,
            settings=settings,
            explain=explain if not held else None,
        )
        if held and category == "strengthening":
            _hold_item(item)
            if stalled:
                item["sets"] = min(item["sets"], STALL_SETS)
        if progressed and "STR-PROG" not in rules and not held:
            rules.append("STR-PROG")
        exercises.append(item)
    any_held = any(e.get("held") for e in exercises)
    in_hold = hold is not None and hold[0] <= as_of <= hold[1]
    if category == "strengthening" and (stalled or in_hold or any_held):
        rules.append("STR-HOLD")
        if stalled:
            explain.add("STR-HOLD", "STR-HOLD:stall", sets=STALL_SETS)
        elif hold is not None and hold_after_red is not None:
            explain.add("STR-HOLD", date=hold_after_red, until=hold[1])
    return exercises


def _carried(
    logs: dict[str, StrengthSummary], exercise_id: str, replaced: str | None
) -> StrengthSummary | None:
    """An exercise's history; for one a clinician swapped in, the dose carries on
    (STR-VOL: the build-up counts from the first log of either), the load is its own."""
    own = logs.get(exercise_id)
    old = logs.get(replaced) if replaced is not None else None
    if old is None:
        return own
    if own is None:
        return StrengthSummary(old.first_date, old.last_date)
    return dataclasses.replace(own, first_date=min(own.first_date, old.first_date))


def _exercise_item(
    exercise_id: str,
    history: StrengthSummary | None,
    *,
    experienced: bool,
    as_of: date,
    settings: ClinicSettings,
    explain: Explainer | None,
) -> tuple[dict[str, Any], bool]:
    """One exercise of today's programme: the dose (STR-VOL) and the load or band
    (STR-PROG) from its history. True when a load decision was explained."""
    spec = strength.EXERCISES[exercise_id]
    first = history.first_date if history else None
    item: dict[str, Any] = {
        "id": exercise_id,
        "sets": strength.prescribed_sets(
            spec, experienced=experienced, first_logged=first, as_of=as_of, settings=settings
        ),
        "reps": spec.reps,
        "per_side": spec.per_side,
        "hold_s": spec.hold_s,
        "hold_s_max": spec.hold_s_max,
        "load_kg": None,
        "progression": "start",
        "category": spec.category,
        "uses_band": spec.band,
    }
    if spec.band:
        item["band"] = None
    last = history.last_loaded if history else None
    if not spec.loaded or last is None or history is None:
        return item, False
    last_raise = history.raised.get("band" if last.band is not None else "kg")
    name = EXERCISE_NAMES[exercise_id]
    all_sets_done = last.sets_done >= last.sets_planned
    if last.band is not None:
        band = strength.next_band(
            band=last.band,
            all_sets_done=all_sets_done,
            technique_ok=last.technique_ok,
            settings=settings,
            last_raise=last_raise,
            as_of=as_of,
        )
        item.update(band=band.band, progression=band.progression, previous_band=band.previous)
        if explain is None:
            return item, False
        explain.add(
            "STR-PROG",
            f"STR-PROG:band_{band.progression}",
            exercise=name,
            old=BAND_NAMES[band.previous],
            new=BAND_NAMES[band.band],
            date=band.next_increase or as_of,
        )
        return item, True
    advice = strength.next_load(
        load_kg=last.load_kg,
        all_sets_done=all_sets_done,
        technique_ok=last.technique_ok,
        settings=settings,
        last_raise=last_raise,
        as_of=as_of,
    )
    item.update(
        load_kg=advice.load_kg, progression=advice.progression, previous_load_kg=advice.previous_kg
    )
    if advice.next_increase is not None:
        item["next_increase_date"] = advice.next_increase.isoformat()
    if advice.progression not in ("increase", "keep", "keep_no_step", "keep_recent"):
        return item, False
    if explain is None:
        return item, False
    explain.add(
        "STR-PROG",
        f"STR-PROG:{advice.progression}",
        exercise=name,
        old=float(advice.previous_kg or 0),
        new=float(advice.load_kg or 0),
        step=settings.load_step_kg,
        days=settings.load_increase_interval_days,
        date=advice.next_increase or as_of,
    )
    return item, True
