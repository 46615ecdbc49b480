"""The fold: a runner's history -> today's state and advice, with the reasons.

`evaluate(case)` is pure: same case, same answer; time is `case.as_of`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Literal

from runback.engine import running, strength
from runback.engine.models import (
    Case,
    Cleared,
    Condition,
    Followup,
    RedFlag,
    Session,
    SettingsChange,
    Status,
    StrengthLog,
)
from runback.engine.rules import TRIAGE_ADVISE, TRIAGE_EMERGENCY, TRIAGE_FLAGS, TRIAGE_PAUSING
from runback.engine.running import INTERVAL_WEEKS, Step, monday
from runback.engine.settings import ClinicSettings
from runback.engine.texts import BAND_NAMES, EXERCISE_NAMES, FLAG_NAMES, minutes_words, say

Zone = Literal["green", "yellow", "red", "provisional"]

CONDITION_RULES: dict[Condition, str] = {
    Condition.DISC: "COND-DISC",
    Condition.OSTEOARTHRITIS: "COND-OA",
    Condition.MUSCULAR: "COND-MUSC",
    Condition.PROGRESSION: "COND-PROG",
    Condition.SI_JOINT: "COND-OTHER",
    Condition.FACET: "COND-OTHER",
    Condition.HIP: "COND-OTHER",
}


@dataclass
class SessionRecord:
    session: Session
    step_then: Step
    paused_then: bool
    zone: Zone = "provisional"
    reasons: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    counted: bool = False
    partial: bool = False
    early_answer: date | None = None  # a next-morning answer given too early (ZONE-2)


@dataclass
class Answers:
    """The latest answers that can change after intake (status check-ins update them)."""

    comfortable_position: bool | None
    resting_pain: int | None
    settle_time_min: int | None
    radiating_leg_pain: bool | None
    sleep_or_daily_life_affected: bool | None
    unsure_what_is_allowed: bool | None
    wants_structured_plan: bool | None

    def update(self, status: Status) -> None:
        for name in vars(self):
            value = getattr(status, name, None)
            if value is not None:
                setattr(self, name, value)


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
        self.items.append({"rule": rule, "text": da if self.locale == "da" else en,
                           "text_da": da, "text_en": en})

    def rules(self) -> list[str]:
        return list(dict.fromkeys(item["rule"] for item in self.items))


def _zone_of(rec: SessionRecord, settings: ClinicSettings) -> Zone:
    s = rec.session
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


def _step_dict(step: Step, settings: ClinicSettings) -> dict[str, Any]:
    """The contract's `next_run` shape for one step."""
    out: dict[str, Any] = {
        "phase": step.kind, "week": None, "rounds": None, "run_min": None, "walk_min": None,
        "continuous_min": None, "warmup_walk_min": None,
        "sessions_per_week": step.quota(settings),
        "total_run_min": step.run_minutes(settings),
    }
    if step.kind == "walk":
        out["walk_min"] = settings.walk_session_min
    elif step.kind == "test":
        out.update(rounds=settings.test_rounds, run_min=settings.test_run_min,
                   walk_min=settings.test_walk_min, warmup_walk_min=settings.test_warmup_walk_min)
    elif step.kind == "intervals":
        rounds, run, walk = INTERVAL_WEEKS[step.week or 1]
        out.update(week=step.week, rounds=rounds, run_min=run, walk_min=walk,
                   warmup_walk_min=settings.test_warmup_walk_min)
    else:
        out["continuous_min"] = step.minutes
    return out


def _describe(step: Step, settings: ClinicSettings) -> dict[str, str]:
    """A session written concretely, e.g. 'Walk 5 min, then 4 x (run 2 min, walk 3 min)'."""
    if step.kind == "walk":
        m = settings.walk_session_min
        return {"da": f"Gå {m} min i samtaletempo", "en": f"Walk {m} min at a talking pace"}
    if step.kind == "test":
        w, r, run, walk = (settings.test_warmup_walk_min, settings.test_rounds,
                           settings.test_run_min, settings.test_walk_min)
        return {"da": f"Gå {w} min, derefter {r} × (løb {run} min, gå {walk} min)",
                "en": f"Walk {w} min, then {r} × (run {run} min, walk {walk} min)"}
    if step.kind == "intervals":
        rounds, run, walk = INTERVAL_WEEKS[step.week or 1]
        w = settings.test_warmup_walk_min
        return {"da": f"Gå {w} min, derefter {rounds} × (løb {run} min, gå {walk} min)",
                "en": f"Walk {w} min, then {rounds} × (run {run} min, walk {walk} min)"}
    return {"da": f"Løb {step.minutes} min uden pauser i roligt tempo",
            "en": f"Run {step.minutes} min without breaks at an easy pace"}


def _irritability(a: Answers, settings: ClinicSettings) -> tuple[str, list[tuple[str, str]]]:
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


def cadence_band(cadence: int, settings: ClinicSettings) -> list[int]:
    """FORM-CAD: [ceil(c * 1.05), floor(c * 1.10)], so the band never leaves +5-10 %.
    Exact fractions, since 160 * 1.05 is 168.00000000000003 in floating point."""
    low = Fraction(cadence) * (100 + Fraction(str(settings.cadence_increase_min_pct))) / 100
    high = Fraction(cadence) * (100 + Fraction(str(settings.cadence_increase_max_pct))) / 100
    return [math.ceil(low), math.floor(high)]


def _esc1(
    statuses: list[Status], start: date, as_of: date, settings: ClinicSettings
) -> tuple[float, float] | None:
    """ESC-1: after 6 weeks, has the weekly average pain fallen by >= 2 points or 30 %?

    Returns (first week's average, latest week's average) when it has NOT; else None.
    """
    if (as_of - start).days < 7 * settings.esc1_weeks:
        return None
    weeks: dict[int, list[float]] = {}
    for s in statuses:
        if s.pain_week_avg is not None:
            weeks.setdefault((s.date - start).days // 7, []).append(s.pain_week_avg)
    if len(weeks) < 2:
        return None
    first = sum(weeks[min(weeks)]) / len(weeks[min(weeks)])
    latest = sum(weeks[max(weeks)]) / len(weeks[max(weeks)])
    drop = first - latest
    if drop >= settings.esc1_min_drop_points - 1e-9:
        return None
    if first > 0 and drop / first >= settings.esc1_min_drop_pct / 100 - 1e-9:
        return None
    return round(first, 1), round(latest, 1)


def evaluate(case: Case) -> dict[str, Any]:
    """Fold the case's events (already sorted, and limited to `as_of`) into the advice."""
    profile, as_of = case.profile, case.as_of
    settings = case.settings
    explain = Explainer(case.locale)
    answers = Answers(
        profile.comfortable_position, profile.resting_pain, profile.settle_time_min,
        profile.radiating_leg_pain, profile.sleep_or_daily_life_affected,
        profile.unsure_what_is_allowed, profile.wants_structured_plan,
    )
    open_flags: dict[str, date] = {f: profile.start_date for f in profile.red_flags}
    flag_history: list[dict[str, Any]] = (
        [{"date": profile.start_date.isoformat(), "flags": list(profile.red_flags)}]
        if profile.red_flags else []
    )
    last_cleared: Cleared | None = None
    plan = running.start_state(walking_tolerated=profile.walking_tolerated is True)
    records: dict[str, SessionRecord] = {}
    order: list[str] = []
    strength_logs: dict[str, list[StrengthLog]] = {}
    statuses: list[Status] = []
    advanced = False
    zone4_date: date | None = None
    clearances: list[dict[str, Any]] = []

    def irritable() -> bool:
        return _irritability(answers, settings)[0] == "high"

    def prescribed_step() -> Step:
        """The step the runner is told to do now: the plan's step, but never harder than
        the latest session while that one is provisional or red (ZONE-2, RUN-ADV-R), and
        walking only while the back is irritable (RUN-IRR)."""
        step = plan.step
        if order and not plan.stalled:
            last = records[order[-1]]
            if last.zone in ("provisional", "red") and last.step_then.rank() < step.rank():
                step = last.step_then
        if irritable() and step.kind != "walk":
            return Step("walk")
        return step

    def finish_red(rec: SessionRecord, known: date) -> None:
        rec.zone = "red"
        outcome = running.apply_red(plan, day=rec.session.date, known=known,
                                    step_then=rec.step_then, settings=settings)
        rec.rules.extend(r for r in outcome.rules if r not in rec.rules)

    for event in case.events:
        if isinstance(event, SettingsChange):
            settings = settings.with_changes(dict(event.changes))
        elif isinstance(event, RedFlag):
            for flag in event.flags:
                open_flags.setdefault(flag, event.date)
            flag_history.append({"date": event.date.isoformat(), "flags": list(event.flags)})
        elif isinstance(event, Cleared):
            lifted = [f for f in TRIAGE_FLAGS
                      if f in open_flags and (not event.flags or f in event.flags)]
            if any(f in TRIAGE_PAUSING for f in lifted):
                last_cleared = event
            if lifted:
                clearances.append({"date": event.date.isoformat(), "by": event.by,
                                   "flags": lifted})
            for flag in lifted:
                del open_flags[flag]
        elif isinstance(event, Session):
            rec = SessionRecord(event, prescribed_step(),
                                paused_then=any(f in TRIAGE_PAUSING for f in open_flags))
            records[event.id] = rec
            order.append(event.id)
            reasons = _red_now(event, settings)
            if reasons:
                rec.reasons, rec.rules = reasons, ["ZONE-3"]
                finish_red(rec, event.date)
        elif isinstance(event, Followup):
            known = records.get(event.session)
            if known is None or event.date <= known.session.date:
                # ZONE-2: a next-morning answer is dated the calendar day after the session
                # at the earliest; one from the session's own day settles nothing.
                if known is not None and known.zone == "provisional":
                    known.early_answer = event.date
                continue
            rec = known
            baseline = rec.session.pain_before
            if baseline is None:
                baseline = answers.resting_pain or 0
            worse = event.pain > baseline or event.stiffness_worse
            if rec.zone == "red":
                if worse and "worse_next_morning" not in rec.reasons:
                    rec.reasons.append("worse_next_morning")
                continue
            if worse:
                # ZONE-4: worse the following day outranks how it felt during.
                rec.reasons.append("worse_next_morning")
                rec.rules = ["ZONE-4"]
                zone4_date = rec.session.date
                finish_red(rec, event.date)
                continue
            if rec.zone != "provisional":
                continue  # a second, settled follow-up changes nothing
            rec.zone = _zone_of(rec, settings)
            rec.rules = ["ZONE-1"]
            outcome = running.apply_tolerated(
                plan, kind=rec.session.kind, run_min=rec.session.run_min,
                day=rec.session.date, step_then=rec.step_then, settings=settings,
                paused=rec.paused_then or any(f in TRIAGE_PAUSING for f in open_flags),
            )
            rec.counted = outcome.counted
            rec.partial = (
                not outcome.counted and rec.step_then == plan.step and not plan.stalled
                and rec.session.kind == "run" and rec.step_then.kind != "walk"
            )
            rec.rules.extend(r for r in outcome.rules if r not in rec.rules)
            advanced = advanced or outcome.advanced or outcome.resumed
        elif isinstance(event, StrengthLog):
            strength_logs.setdefault(event.exercise, []).append(event)
        elif isinstance(event, Status):
            statuses.append(event)
            answers.update(event)

    flags = [f for f in TRIAGE_FLAGS if f in open_flags and f in TRIAGE_PAUSING]
    advise_flags = [f for f in TRIAGE_FLAGS if f in open_flags and f in TRIAGE_ADVISE]
    paused = bool(flags)
    level = ("emergency" if any(f in TRIAGE_EMERGENCY for f in flags)
             else "prompt" if flags else "advise" if advise_flags else "none")
    sessions_out = []
    for sid in order:
        rec = records[sid]
        if rec.zone == "provisional":
            rec.rules = ["ZONE-2"]
        sessions_out.append({
            "id": sid, "date": rec.session.date.isoformat(), "type": rec.session.kind,
            "zone": rec.zone, "rules": rec.rules, "reasons": rec.reasons,
            "counted": rec.counted, "step": _step_dict(rec.step_then, settings)["phase"],
            "step_week": rec.step_then.week,
        })
    latest = records[order[-1]] if order else None

    # --- Triage ---------------------------------------------------------------
    # `open_flags` are the flags that pause the plan; `advise_flags` do not (TRIAGE-14, 15).
    triage: dict[str, Any] = {"level": level, "open_flags": flags, "advise_flags": advise_flags,
                              "history": flag_history, "clearances": clearances,
                              "emergency_number": settings.emergency_number,
                              "medical_helpline": settings.medical_helpline}
    helpline = _helpline_words(settings)
    if paused:
        names = _flag_names(flags)
        key = "TRIAGE:emergency" if level == "emergency" else "TRIAGE:prompt"
        for flag in flags:
            explain.add(flag, key, flags=names, emergency=settings.emergency_number,
                        helpline=helpline)
        da, en = say(key, flags=names, emergency=settings.emergency_number, helpline=helpline)
        triage["guidance"] = {"da": da, "en": en}
    elif last_cleared is not None:
        for flag in dict.fromkeys(f for h in flag_history for f in h["flags"]
                                  if f in TRIAGE_PAUSING):
            explain.add(flag, f"TRIAGE:cleared:{last_cleared.by}", date=last_cleared.date)
    if last_cleared is not None:
        triage["cleared"] = {"date": last_cleared.date.isoformat(), "by": last_cleared.by}
    if advise_flags:
        names = _flag_names(advise_flags)
        for flag in advise_flags:
            explain.add(flag, "TRIAGE:advise", flags=names)
        da, en = say("TRIAGE:advise", flags=names)
        triage["advice"] = {"da": da, "en": en}
    if not paused and not advise_flags:
        explain.add("TRIAGE-R")

    # --- Zones ----------------------------------------------------------------
    if any(r.zone in ("green", "yellow") for r in records.values()):
        explain.add("ZONE-1")
    if latest is not None and latest.zone == "provisional":
        explain.add("ZONE-2", date=latest.session.date)
        if latest.early_answer is not None:
            explain.add("ZONE-2", "ZONE-2:early", date=latest.session.date,
                        answered=latest.early_answer,
                        earliest=latest.session.date + timedelta(days=1))
    if records:
        explain.add("ZONE-3", green=settings.green_max_pain, yellow=settings.yellow_max_pain,
                    red=settings.yellow_max_pain + 1)
    if zone4_date is not None:
        explain.add("ZONE-4", date=zone4_date)

    # --- Running plan ---------------------------------------------------------
    next_run: dict[str, Any] | None = None
    upcoming: list[dict[str, Any]] = []
    irritable_now = irritable()
    capped = irritable_now and not plan.stalled and plan.step.kind != "walk"
    phase: str = ("paused" if paused else "alternative" if plan.stalled
                  else "walk" if capped else plan.step.kind)
    run_rules: list[str] = []
    if paused:
        explain.add(flags[0], "RUN:paused")
    else:
        step = Step("walk") if plan.stalled else prescribed_step()
        runs = [r.session for r in records.values() if r.session.kind == "run"]
        walks_count = step.kind == "walk" or plan.stalled
        spacing = [r.session.date for r in records.values()
                   if r.session.kind == "run" or walks_count]
        runs_this_week = sum(1 for s in runs if monday(s.date) == monday(as_of))
        not_before = last_cleared.date if last_cleared else None
        earliest = running.earliest_run_date(
            state=plan, step=step, as_of=max(as_of, profile.start_date),
            last_session=max(spacing) if spacing else None, runs_this_week=runs_this_week,
            settings=settings, not_before=not_before,
        )
        if plan.stalled:
            run_rules = ["RUN-STALL", "RUN-P1"]
            explain.add("RUN-STALL", days=settings.stall_window_days,
                        rest=settings.stall_rest_days)
            explain.add("RUN-P1", "RUN-P1:walk", minutes=settings.walk_session_min)
        elif capped:
            run_rules = ["RUN-IRR"]
            explain.add("RUN-IRR", minutes=settings.walk_session_min)
        elif step.kind == "walk":
            run_rules = ["RUN-P1"]
            explain.add("RUN-P1", "RUN-P1:walk", minutes=settings.walk_session_min)
        elif step.kind == "test":
            run_rules = ["RUN-P1"]
            explain.add("RUN-P1", "RUN-P1:test", warmup=settings.test_warmup_walk_min,
                        rounds=settings.test_rounds, run=minutes_words(settings.test_run_min),
                        walk=settings.test_walk_min)
        elif step.kind == "intervals":
            rounds, run, walk = INTERVAL_WEEKS[step.week or 1]
            run_rules = ["RUN-P2", "RUN-CAP"]
            explain.add("RUN-P2", week=step.week, rounds=rounds, run=run, walk=walk,
                        needed=running.needed_at(step, settings),
                        done=plan.tolerated_at_step if step == plan.step else 0)
            explain.add("RUN-CAP", pct=settings.weekly_increase_pct)
        else:
            run_rules = ["RUN-P3", "RUN-ORDER", "RUN-CAP"]
            explain.add("RUN-P3", runs=step.quota(settings), minutes=step.minutes)
            explain.add("RUN-ORDER")
            explain.add("RUN-CAP", pct=settings.weekly_increase_pct)
        if advanced and not plan.stalled and not capped:
            run_rules.append("RUN-ADV-G")
            explain.add("RUN-ADV-G")
        if latest is not None and latest.zone == "red" and not plan.stalled:
            run_rules.append("RUN-ADV-R")
            words = _describe(step, settings)
            explain.add("RUN-ADV-R", step=(words["da"].lower(), words["en"].lower()))
        if latest is not None and latest.zone == "provisional":
            run_rules.append("ZONE-2")
        for rec in records.values():
            if rec.partial and rec is latest:
                explain.add("RUN-ADV-G", "RUN:partial", date=rec.session.date)
        next_run = _step_dict(step, settings)
        if plan.stalled:
            next_run["alternative_training"] = ["cycling", "swimming"]
        next_run.update(earliest_date=earliest.isoformat(),
                        rules=list(dict.fromkeys(run_rules)),
                        description=_describe(step, settings))
        upcoming = [
            {"week_start": w.week_start.isoformat(), "run_minutes": w.run_minutes,
             "sessions": w.sessions}
            for w in running.project_weeks(
                state=plan, step=step, first_day=earliest, as_of=as_of,
                runs_this_week=runs_this_week, settings=settings, walk_only=irritable_now,
            )
        ]

    # --- Conditions -------------------------------------------------------------
    cond_rule = CONDITION_RULES.get(profile.condition)
    if cond_rule == "COND-PROG":
        explain.add(cond_rule, pct=settings.weekly_increase_pct)
    elif cond_rule:
        explain.add(cond_rule)

    # --- Strength -----------------------------------------------------------------
    irritability, irr_why = _irritability(answers, settings)
    strength_out = _strength(
        paused=paused, irritability=irritability, irr_why=irr_why, logs=strength_logs,
        experienced=profile.strength_experience is True, as_of=as_of, settings=settings,
        explain=explain, flags=flags,
    )

    # --- Running form ---------------------------------------------------------------
    cadence: list[int] | None = None
    if profile.cadence_spm is not None:
        cadence = cadence_band(profile.cadence_spm, settings)
    if not paused and phase not in ("walk", "alternative"):
        if cadence is not None:
            explain.add("FORM-CAD", cadence=profile.cadence_spm, low=cadence[0], high=cadence[1])
        for rule in ("FORM-LEAN", "FORM-STRIDE", "FORM-NOTE", "COND-GAIT"):
            explain.add(rule)

    # --- Escalation (red flags are stronger and are handled first, above) -----------
    escalations: list[str] = []
    esc1 = _esc1(statuses, profile.start_date, as_of, settings)
    if esc1 is not None:
        escalations.append("ESC-1")
        explain.add("ESC-1", weeks=settings.esc1_weeks, first=esc1[0], latest=esc1[1],
                    points=settings.esc1_min_drop_points, pct=settings.esc1_min_drop_pct)
    for rule, answer in (
        ("ESC-2", answers.unsure_what_is_allowed),
        ("ESC-3", plan.stalled),
        ("ESC-4", answers.sleep_or_daily_life_affected),
        ("ESC-5", answers.radiating_leg_pain),
        ("ESC-6", answers.wants_structured_plan),
    ):
        if answer is True:
            escalations.append(rule)
            explain.add(rule)

    disclaimer_da, disclaimer_en = say("DISCLAIMER")
    weeks_done = _weeks_done(records, order, profile.start_date, as_of, settings)
    return {
        "as_of": as_of.isoformat(),
        "locale": case.locale,
        "triage": triage,
        "paused": paused,
        "phase": phase,
        "irritability": irritability,
        "sessions": sessions_out,
        "next_run": next_run,
        "upcoming_weeks": upcoming,
        "weeks_done": weeks_done,
        "strength": strength_out,
        "cadence_target_spm": cadence,
        "escalations": escalations,
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


def _weeks_done(
    records: dict[str, SessionRecord], order: list[str], start: date, as_of: date,
    settings: ClinicSettings,
) -> list[dict[str, Any]]:
    """Running minutes done per calendar week, next to what the plan asked for that week:
    the prescribed minutes of each session done, plus the sessions of the week's quota that
    were not done, at the last step prescribed. A run without minutes was done as
    prescribed. For the runner's chart of running against the plan."""
    done: dict[date, float] = {}
    planned: dict[date, float] = {}
    count: dict[date, int] = {}
    last_step: dict[date, Step] = {}
    for sid in order:
        rec = records[sid]
        week = monday(rec.session.date)
        if rec.session.kind != "run":
            continue
        prescribed = rec.step_then.run_minutes(settings)
        minutes = rec.session.run_min
        done[week] = done.get(week, 0.0) + (prescribed if minutes is None else minutes)
        planned[week] = planned.get(week, 0.0) + prescribed
        count[week] = count.get(week, 0) + 1
        last_step[week] = rec.step_then
    for week, step in last_step.items():
        missing = max(0, step.quota(settings) - count[week])
        planned[week] += missing * step.run_minutes(settings)
    weeks = []
    # From the start week, or from an earlier week that holds a run (logged before the
    # start date), so that every run done shows up.
    week = min([monday(start), *done])
    while week <= monday(as_of):
        weeks.append({"week_start": week.isoformat(), "run_minutes": done.get(week, 0.0),
                      "planned_minutes": planned.get(week), "sessions": count.get(week, 0)})
        week += timedelta(days=7)
    return weeks


def _strength(
    *, paused: bool, irritability: str, irr_why: list[tuple[str, str]],
    logs: dict[str, list[StrengthLog]], experienced: bool, as_of: date,
    settings: ClinicSettings, explain: Explainer, flags: list[str],
) -> dict[str, Any]:
    """STR-*: relieving or strengthening exercises with sets, reps, holds and loads."""
    if paused:
        explain.add(flags[0], "STR:paused")
        return {"category": "none", "exercises": [], "warm_up": [], "alternatives": [],
                "earliest_date": None, "rules": [flags[0]]}
    rules = ["STR-IRR"]
    if irritability == "high":
        why = tuple("; ".join(w[i] for w in irr_why) for i in (0, 1))
        explain.add("STR-IRR", "STR-IRR:high", why=why)
        explain.add("STR-REL")
        rules.append("STR-REL")
        ids: tuple[str, ...] = strength.RELIEVING
        category = "relieving"
    else:
        explain.add("STR-IRR", "STR-IRR:low")
        explain.add("STR-STR")
        explain.add("COND-WEAK")
        rules += ["STR-STR", "STR-VOL", "STR-INT"]
        chosen = [i for i in strength.SUPPLEMENTARY if i in logs]
        ids = strength.STRENGTHENING + tuple(chosen)
        category = "strengthening"
    exercises = []
    for exercise_id in ids:
        spec = strength.EXERCISES[exercise_id]
        history = logs.get(exercise_id, [])
        first = history[0].date if history else None
        sets = strength.prescribed_sets(spec, experienced=experienced, first_logged=first,
                                        as_of=as_of, settings=settings)
        item: dict[str, Any] = {
            "id": exercise_id, "sets": sets, "reps": spec.reps, "per_side": spec.per_side,
            "hold_s": spec.hold_s, "hold_s_max": spec.hold_s_max, "load_kg": None,
            "progression": "start", "category": spec.category,
        }
        if spec.band:
            item["band"] = None
        if spec.loaded and history:
            last = next((h for h in reversed(history)
                         if h.load_kg is not None or h.band is not None), None)
            last_raise = (strength.last_increase(history, band=last.band is not None)
                          if last is not None else None)
            name = EXERCISE_NAMES[exercise_id]
            if last is not None and last.band is not None:
                band = strength.next_band(
                    band=last.band, all_sets_done=last.sets_done >= last.sets_planned,
                    technique_ok=last.technique_ok, settings=settings, last_raise=last_raise,
                    as_of=as_of)
                item.update(band=band.band, progression=band.progression,
                            previous_band=band.previous)
                explain.add("STR-PROG", f"STR-PROG:band_{band.progression}", exercise=name,
                            old=BAND_NAMES[band.previous], new=BAND_NAMES[band.band],
                            date=band.next_increase or as_of)
                if "STR-PROG" not in rules:
                    rules.append("STR-PROG")
            elif last is not None:
                advice = strength.next_load(
                    load_kg=last.load_kg, all_sets_done=last.sets_done >= last.sets_planned,
                    technique_ok=last.technique_ok, settings=settings, last_raise=last_raise,
                    as_of=as_of,
                )
                item["load_kg"], item["progression"] = advice.load_kg, advice.progression
                item["previous_load_kg"] = advice.previous_kg
                if advice.next_increase is not None:
                    item["next_increase_date"] = advice.next_increase.isoformat()
                if advice.progression in ("increase", "keep", "keep_no_step", "keep_recent"):
                    explain.add("STR-PROG", f"STR-PROG:{advice.progression}", exercise=name,
                                old=float(advice.previous_kg or 0),
                                new=float(advice.load_kg or 0), step=settings.load_step_kg,
                                days=settings.load_increase_interval_days,
                                date=advice.next_increase or as_of)
                    if "STR-PROG" not in rules:
                        rules.append("STR-PROG")
        exercises.append(item)
    if category == "strengthening":
        explain.add("STR-VOL", sets=min(e["sets"] for e in exercises))
        explain.add("STR-INT")
    last_day = max((h.date for hs in logs.values() for h in hs), default=None)
    earliest = as_of if last_day is None else max(
        as_of, last_day + timedelta(days=settings.strength_rest_days))
    explain.add("STR-FREQ", hours=24 * settings.strength_rest_days, date=earliest)
    explain.add("STR-ANY")
    rules += ["STR-FREQ", "STR-ANY"]
    return {
        "category": category,
        "exercises": exercises,
        "warm_up": list(strength.RELIEVING) if category == "strengthening" else [],
        "alternatives": [i for i in strength.SUPPLEMENTARY if i not in ids]
        if category == "strengthening" else [],
        "sessions_per_week": "2-3",
        "earliest_date": earliest.isoformat(),
        "rules": list(dict.fromkeys(rules)),
    }
