"""Today's safety advice: the red flags (TRIAGE-*), the traffic light's reasons (ZONE-*)
and when to recommend a professional (ESC-*, with v3's FUNC-3 and ESC-7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from runback.engine import trend
from runback.engine.explain import Explainer, flag_names, num_words
from runback.engine.models import Cleared
from runback.engine.rules import TRIAGE_ADVISE, TRIAGE_EMERGENCY, TRIAGE_FLAGS, TRIAGE_PAUSING
from runback.engine.running import monday
from runback.engine.settings import ClinicSettings
from runback.engine.state import FoldState, SessionRecord, StatusWeeks
from runback.engine.texts import (
    EXAMINER_NAMES,
    say,
)
from runback.engine.triage import flag_level


def _helpline_words(settings: ClinicSettings) -> tuple[str, str]:
    """The medical helpline in a sentence: with the runner's region's number, or, when the
    region is not known, by its name only (section 1: who to call)."""
    number = settings.medical_helpline
    if number:
        return f"lægevagten på {number}", f"the medical helpline on {number}"
    return "lægevagten i din region", "your region's medical helpline"


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

    @classmethod
    def of(cls, state: FoldState) -> Triage:
        open_now = state.open_flags
        flags = [f for f in TRIAGE_FLAGS if f in open_now and f in TRIAGE_PAUSING]
        advise_flags = [f for f in TRIAGE_FLAGS if f in open_now and f in TRIAGE_ADVISE]
        if any(f in TRIAGE_EMERGENCY for f in flags):
            level = "emergency"
        elif flags:
            level = "prompt"
        else:
            level = "advise" if advise_flags else "none"
        return cls(flags, advise_flags, level)

    @property
    def paused(self) -> bool:
        return bool(self.flags)


def late_unanswered(state: FoldState, zone: str, day: date, as_of: date) -> bool:
    """ZONE-LATE (v3): provisional, and its window has passed by `as_of`."""
    return zone == "provisional" and (as_of - day).days > state.settings.followup_window_days


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


def triage_section(state: FoldState, triage: Triage, explain: Explainer) -> dict[str, Any]:
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
    if triage.paused:
        out.update(_pausing_reasons(state, triage, explain))
    elif last_cleared is not None:
        _cleared_reasons(state, last_cleared, explain)
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
        names = flag_names(triage.advise_flags)
        for flag in triage.advise_flags:
            explain.add(flag, "TRIAGE:advise", flags=names)
        da, en = say("TRIAGE:advise", flags=names)
        out["advice"] = {"da": da, "en": en}
    if not triage.paused and not triage.advise_flags:
        explain.add("TRIAGE-R")
    return out


def _pausing_reasons(state: FoldState, triage: Triage, explain: Explainer) -> dict[str, Any]:
    """TRIAGE-1..13: who to call now; TRIAGE-CLEAR (v3): why a runner's report of an
    examination did not resume the plan. The output's guidance (and asked_again)."""
    settings = state.settings
    helpline = _helpline_words(settings)
    names = flag_names(triage.flags)
    key = "TRIAGE:emergency" if triage.level == "emergency" else "TRIAGE:prompt"
    for flag in triage.flags:
        explain.add(flag, key, flags=names, emergency=settings.emergency_number, helpline=helpline)
    da, en = say(key, flags=names, emergency=settings.emergency_number, helpline=helpline)
    out: dict[str, Any] = {"guidance": {"da": da, "en": en}}
    again = [f for f in state.asked_again if f in triage.flags]
    if again:
        for flag in again:
            explain.add(flag, "TRIAGE:ask_again", flags=flag_names(again))
        out["asked_again"] = again
    return out


def _cleared_reasons(state: FoldState, last_cleared: Cleared, explain: Explainer) -> None:
    """TRIAGE-CLEAR: who lifted the pausing flags, and on what examination."""
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


def _reported_on(state: FoldState, flag: str) -> str:
    """The latest day an open flag was reported (the intake counts as a report)."""
    day = state.open_flags[flag].isoformat()
    for report in state.flag_history:
        if flag in report["flags"]:
            day = max(day, str(report["date"]))
    return day


def _session_reasons(
    state: FoldState, rec: SessionRecord, explain: Explainer, *, as_of: date | None
) -> None:
    """ZONE-NEXT, -BASE, -LEG and -LATE (v3) for one open session."""
    settings = state.settings
    day = rec.session.date
    if rec.small_rise and rec.baseline is not None:
        explain.add(
            "ZONE-NEXT",
            date=day,
            pain=rec.morning_pain,
            baseline=num_words(rec.baseline),
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


def zones_section(state: FoldState, explain: Explainer, *, as_of: date | None = None) -> None:
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
        _session_reasons(state, rec, explain, as_of=as_of)
    if as_of is not None and trend.trend_holds(state.week_pain, monday(as_of)):
        weeks = " → ".join(num_words(v) for v in trend.chain_before(state.week_pain, monday(as_of)))
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


def escalation_section(state: FoldState, as_of: date, explain: Explainer) -> list[str]:
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
