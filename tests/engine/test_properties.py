"""Property tests of the engine: what it must never do (clinical model, section 9), and more.

Every case is a VALID history drawn by `tests.engine.strategies`. The checks are black
box (the contract's JSON out), with small independent oracles for triage, zones,
stalls, irritability, strength loads, escalation (ESC-1..6), conditions and cadence.
One check needs a value the output does not show (the minutes of the phase-3 level a
session was done at): it reads it from the fold as the fold runs (`recorded_steps`).

Example counts come from a Hypothesis profile: "ci" (default) runs 1,000 histories in
the main invariant test and ~3,000 in all; "dev" a tenth of that, "nightly" ten times
as many. Choose with RUNBACK_HYPOTHESIS_PROFILE=dev|ci|nightly.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from runback.engine import fold, simulate
from runback.engine.rules import RULE_IDS, TRIAGE_ADVISE, TRIAGE_EMERGENCY
from runback.engine.running import Step
from runback.engine.settings import BOUNDS, DEFAULT_SETTINGS, ClinicSettings
from tests.engine.strategies import (
    Json,
    cases,
    cases_ending_in_doubt,
    climbing_cases,
    clinic_settings,
    future_events,
    last_date,
    walking_start_cases,
)

# --- Hypothesis profiles --------------------------------------------------------------

_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
    "print_blob": True,
}
# CI replays the same 1,000+ histories every run (derandomize), so a red build always
# means a change broke something; "nightly" explores new random histories.
settings.register_profile("ci", max_examples=1000, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=100, **_COMMON)
settings.register_profile("nightly", max_examples=10_000, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("RUNBACK_HYPOTHESIS_PROFILE", "ci"))
MAIN_EXAMPLES = PROFILE.max_examples


def examples(fraction: float) -> settings:
    """The active profile with a share of the main test's example count."""
    return settings(PROFILE, max_examples=max(10, int(MAIN_EXAMPLES * fraction)))


# --- Contract facts ---------------------------------------------------------------------

REQUIRED = (
    "as_of",
    "triage",
    "paused",
    "phase",
    "irritability",
    "sessions",
    "next_run",
    "upcoming_weeks",
    "strength",
    "cadence_target_spm",
    "escalations",
    "explanation",
)
P2_TABLE = {1: (4, 2, 3), 2: (4, 3, 2), 3: (4, 5, 2), 4: (3, 8, 2), 5: (3, 10, 2)}
PHASES = ("walk", "test", "intervals", "continuous", "alternative", "paused")
STEP_KINDS = ("walk", "test", "intervals", "continuous")
ZONES = ("green", "yellow", "red", "provisional", "unanswered")  # ZONE-LATE (v3)
EXERCISE_IDS = (
    "cat_cow",
    "knee_to_chest",
    "book_opener",
    "romanian_deadlift",
    "split_squat",
    "back_extension",
    "dead_bug",
    "pallof_press",
    "glute_bridge",
    "clamshell",
    "bird_dog",
)
ESCALATIONS = ("ESC-1", "ESC-2", "ESC-3", "ESC-4", "ESC-5", "ESC-6", "ESC-7")  # ESC-7: v3


CONDITION_RULES = {
    "disc": "COND-DISC",
    "osteoarthritis": "COND-OA",
    "muscular": "COND-MUSC",
    "progression": "COND-PROG",
    # COND-SI, COND-FACET, COND-HIP (v3): each its own text (formerly COND-OTHER)
    "si_joint": "COND-SI",
    "facet": "COND-FACET",
    "hip": "COND-HIP",
}


def settings_of(case: Json) -> ClinicSettings:
    return DEFAULT_SETTINGS.with_changes(case.get("settings") or {})


def known_events(case: Json) -> list[Json]:
    """The events known at `as_of`, in fold order (date, then list order)."""
    as_of = date.fromisoformat(case["as_of"])
    events = case.get("events", [])
    indexed = [(date.fromisoformat(e["date"]), i, e) for i, e in enumerate(events)]
    return [e for d, _i, e in sorted(indexed, key=lambda t: (t[0], t[1])) if d <= as_of]


def last_raise(known: list[Json], exercise: str) -> date | None:
    """The latest day a logged load went up against the load logged before it."""
    previous: float | None = None
    raised: date | None = None
    for e in known:
        if e["type"] != "strength" or e["exercise"] != exercise or e.get("load_kg") is None:
            continue
        if previous is not None and e["load_kg"] > previous + 1e-9:
            raised = date.fromisoformat(e["date"])
        previous = float(e["load_kg"])
    return raised


def ladder(phase: str, week: int | None) -> int:
    """Position on the ladder walk < test < intervals weeks 1..5 < continuous."""
    if phase == "walk":
        return 0
    if phase == "test":
        return 1
    if phase == "intervals":
        assert week in P2_TABLE, f"intervals week {week!r}"
        return 1 + week
    assert phase == "continuous", phase
    return 7


def run_rank(next_run: Json) -> tuple[int, float, float]:
    """How hard a next_run is: ladder position, then weekly volume and run length (phase 3)."""
    pos = ladder(next_run["phase"], next_run.get("week"))
    if next_run["phase"] != "continuous":
        return (pos, 0, 0)
    minutes = next_run["continuous_min"]
    return (pos, next_run["sessions_per_week"] * minutes, minutes)


def step_rank(step: Step) -> tuple[int, float, float]:
    pos = ladder(step.kind, step.week)
    if step.kind != "continuous":
        return (pos, 0, 0)
    return (pos, (step.runs_per_week or 0) * (step.minutes or 0), step.minutes or 0)


@contextmanager
def recorded_steps() -> Iterator[dict[str, Step]]:
    """The plan step each session was logged at, as the fold saw it (session id -> Step)."""
    steps: dict[str, Step] = {}
    original = fold.SessionRecord

    def spy(session: Any, step_then: Step, **kwargs: Any) -> Any:
        steps[session.id] = step_then
        return original(session, step_then, **kwargs)

    with mock.patch.object(fold, "SessionRecord", spy):
        yield steps


# --- Oracles ------------------------------------------------------------------------------


def expected_open_flags(case: Json) -> list[str]:
    """Every flag known at as_of and not cleared since (a clearance names its flags, or
    lifts all of them), in numeric order; advise flags included."""
    flags: set[str] = set(case["profile"].get("red_flags") or [])
    for e in known_events(case):
        if e["type"] == "red_flag":
            flags.update(e["flags"])
        elif e["type"] == "cleared":
            named = set(e["flags"]) if e.get("flags") else set(flags)
            by = e.get("by") or "clinician"
            # TRIAGE-CLEAR (v3): a runner's report lifts an emergency flag only with
            # symptom_gone; a stored "by": "doctor" never does.
            if by != "clinician" and not (by == "runner" and e.get("symptom_gone") is True):
                named -= set(TRIAGE_EMERGENCY)
            flags -= named
    return sorted(flags, key=lambda f: int(f.split("-")[1]))


ANSWERS = (
    "comfortable_position",
    "resting_pain",
    "settle_time_min",
    "radiating_leg_pain",
    "sleep_or_daily_life_affected",
    "unsure_what_is_allowed",
    "wants_structured_plan",
)


def latest_answers(case: Json) -> Json:
    answers = {k: case["profile"].get(k) for k in ANSWERS}
    for e in known_events(case):
        if e["type"] == "status":
            answers.update({k: e[k] for k in ANSWERS if e.get(k) is not None})
    return answers


def expected_zones(case: Json) -> dict[str, str]:
    """ZONE-1..4 from the raw ratings, with the clinic's thresholds, and v3's ZONE-NEXT
    (worse is `next_morning_worse_points` above the baseline), ZONE-BASE (the lower of
    the pain before and the 14-day median; the latest earlier pain before, else the
    intake's resting pain; none: the answer by itself), ZONE-LEG and ZONE-LATE."""
    s = settings_of(case)
    resting = case["profile"].get("resting_pain")
    sessions: dict[str, Json] = {}
    zones: dict[str, str] = {}
    baselines: dict[str, float | None] = {}
    befores: list[tuple[date, int]] = []
    for e in known_events(case):
        if e["type"] in ("walk", "run"):
            sessions[e["id"]] = e
            day = date.fromisoformat(e["date"])
            own = e.get("pain_before")
            if own is None:
                own = befores[-1][1] if befores else resting
            recent = sorted(p for d, p in befores if d < day and (day - d).days <= 14)
            median = statistics.median(recent) if recent else None
            baselines[e["id"]] = (
                median if own is None else own if median is None else min(own, median)
            )
            if e.get("pain_before") is not None:
                befores.append((day, e["pain_before"]))
            high = max(e["pain_during"], e["pain_after"]) > s.yellow_max_pain
            red = high or any(
                e.get(k) is True for k in ("rose_during", "stopped_early", "leg_symptoms_spread")
            )
            zones[e["id"]] = "red" if red else "provisional"
        elif e["type"] == "followup":
            sid = e["session"]
            if e["date"] <= sessions[sid]["date"]:
                continue  # ZONE-2: an answer from the session's own day settles nothing
            late = date.fromisoformat(e["date"]) - date.fromisoformat(sessions[sid]["date"])
            if late.days > s.followup_window_days:
                continue  # ZONE-LATE: too late to tell how the back took that session
            base = baselines[sid]
            if base is None:
                worse = e["pain"] > s.yellow_max_pain
                higher = e["pain"] > s.green_max_pain
            else:
                worse = e["pain"] >= base + s.next_morning_worse_points - 1e-9
                higher = e["pain"] > base + 1e-9
            if worse or e.get("stiffness_worse") is True:
                zones[sid] = "red"
            elif zones[sid] == "provisional":
                ses = sessions[sid]
                low = max(ses["pain_during"], ses["pain_after"]) <= s.green_max_pain
                zones[sid] = "green" if low and not higher else "yellow"
    as_of = date.fromisoformat(case["as_of"])
    for sid, zone in zones.items():
        age = (as_of - date.fromisoformat(sessions[sid]["date"])).days
        if zone == "provisional" and age > s.followup_window_days:
            zones[sid] = "unanswered"  # ZONE-LATE (v3)
    return zones


def not_better_after_weeks(case: Json) -> bool:
    """ESC-1: after 6 weeks (default), the weekly average pain has not fallen by 2 points
    or 30 % from the first rated week to the latest one."""
    s = settings_of(case)
    start = date.fromisoformat(case["profile"]["start_date"])
    as_of = date.fromisoformat(case["as_of"])
    if (as_of - start).days < 7 * s.esc1_weeks:
        return False
    weeks: dict[int, list[float]] = {}
    for e in known_events(case):
        if e["type"] == "status" and e.get("pain_week_avg") is not None:
            weeks.setdefault((date.fromisoformat(e["date"]) - start).days // 7, []).append(
                e["pain_week_avg"]
            )
    if len(weeks) < 2:
        return False
    first = sum(weeks[min(weeks)]) / len(weeks[min(weeks)])
    latest = sum(weeks[max(weeks)]) / len(weeks[max(weeks)])
    drop = first - latest
    better = drop >= s.esc1_min_drop_points - 1e-9 or (
        first > 0 and drop / first >= s.esc1_min_drop_pct / 100 - 1e-9
    )
    return not better


# --- The checks every output must pass ----------------------------------------------------


def check_output(case: Json, out: Json) -> None:
    """Contract shape, section 9 and the oracles, for one case and its output."""
    s = settings_of(case)
    for key in REQUIRED:
        assert key in out, f"missing field {key}"
    assert out["as_of"] == case["as_of"]
    locale = case.get("locale", "da")

    # Triage: every flag known at as_of and not cleared afterwards is open; emergency and
    # prompt flags pause the plan, advise flags (TRIAGE-14, 15) do not.
    every_flag = expected_open_flags(case)
    flags = [f for f in every_flag if f not in TRIAGE_ADVISE]
    advise_flags = [f for f in every_flag if f in TRIAGE_ADVISE]
    assert out["triage"]["open_flags"] == flags
    assert out["triage"]["advise_flags"] == advise_flags
    level = (
        "emergency"
        if any(f in TRIAGE_EMERGENCY for f in flags)
        else "prompt"
        if flags
        else "advise"
        if advise_flags
        else "none"
    )
    assert out["triage"]["level"] == level
    assert out["paused"] is bool(flags)
    assert ("advice" in out["triage"]) is bool(advise_flags)

    # Section 9: never prescribes running or strength work while a red flag is open.
    if flags:
        assert out["phase"] == "paused"
        assert out["next_run"] is None
        assert out["strength"]["exercises"] == []
        assert out["upcoming_weeks"] == []
    else:
        assert out["phase"] in PHASES and out["phase"] != "paused"
        assert isinstance(out["next_run"], dict)
        assert len(out["upcoming_weeks"]) == 4

    # Every open flag is explained; an emergency names the emergency number.
    explained = {item["rule"] for item in out["explanation"]}
    assert set(every_flag) <= explained, set(every_flag) - explained
    # Section 1: no reassurance next to a flag.
    if every_flag:
        words = " ".join(item["text_da"] + " " + item["text_en"] for item in out["explanation"])
        assert "sjældent" not in words and "rarely" not in words
    if level == "emergency":
        guidance = out["triage"]["guidance"]
        assert s.emergency_number in guidance["da"] and s.emergency_number in guidance["en"]

    # The condition guidance that applies is explained (contract: COND-* included).
    condition_rule = CONDITION_RULES.get(case["profile"].get("condition", "unknown"))
    if condition_rule is not None and not out["paused"]:  # COND-QUIET (v3)
        assert condition_rule in explained, condition_rule

    # Sessions: those known at as_of, in fold order, with the zone the ratings give.
    known = known_events(case)
    ids = [e["id"] for e in known if e["type"] in ("walk", "run")]
    assert [x["id"] for x in out["sessions"]] == ids
    zones = expected_zones(case)
    for x in out["sessions"]:
        assert x["zone"] in ZONES
        assert x["zone"] == zones[x["id"]], (x["id"], x["zone"], zones[x["id"]])
        assert x["step"] in STEP_KINDS
        ladder(x["step"], x["step_week"])

    # Never skips a step: the step sessions are logged at climbs one rung at a time.
    positions = [ladder(x["step"], x["step_week"]) for x in out["sessions"]]
    for a, b in pairwise(positions):
        assert b <= a + 1, f"sessions logged at ladder {a} then {b}"

    # next_run: a known shape, every phase-2 step a RUN-P2 row.
    nr = out["next_run"]
    if nr is not None:
        assert nr["phase"] in STEP_KINDS
        if nr["phase"] == "intervals":
            assert (nr["rounds"], nr["run_min"], nr["walk_min"]) == P2_TABLE[nr["week"]]
        if nr["phase"] == "continuous":
            assert isinstance(nr["continuous_min"], int) and nr["continuous_min"] >= 15
        assert nr["earliest_date"] >= case["as_of"]

    # Runs on non-consecutive days, within the step's weekly quota; a rest day after a red.
    if nr is not None and nr["phase"] != "walk" and out["phase"] != "alternative":
        earliest = date.fromisoformat(nr["earliest_date"])
        runs = [date.fromisoformat(e["date"]) for e in known if e["type"] == "run"]
        if runs:
            assert earliest >= max(runs) + timedelta(days=1 + s.rest_days_between_runs), (
                nr["earliest_date"],
                max(runs),
            )
        week = earliest - timedelta(days=earliest.weekday())
        in_week = sum(1 for d in runs if d - timedelta(days=d.weekday()) == week)
        assert in_week < nr["sessions_per_week"], (nr["earliest_date"], in_week)
        for x in out["sessions"]:
            if x["zone"] == "red":
                assert earliest >= date.fromisoformat(x["date"]) + timedelta(days=2), x

    # RUN-STALL: two reds within the window, or a red at the lowest step, stop running.
    reds = [x for x in out["sessions"] if x["zone"] == "red"]
    last_two = out["sessions"][-2:]
    window = s.stall_window_days
    if len(last_two) == 2 and all(x["zone"] == "red" for x in last_two):
        a, b = (date.fromisoformat(x["date"]) for x in last_two)
        if abs((b - a).days) < window:
            assert out["phase"] in ("alternative", "paused"), ("two reds", last_two)
    if out["sessions"] and out["sessions"][-1] in reds and out["sessions"][-1]["step"] == "walk":
        assert out["phase"] in ("alternative", "paused"), ("red at the lowest step",)

    # Never makes the next session harder after a red or a provisional session.
    if nr is not None and out["sessions"]:
        last = out["sessions"][-1]
        if last["zone"] in ("red", "provisional"):
            assert ladder(nr["phase"], nr["week"]) <= ladder(last["step"], last["step_week"]), (
                f"after a {last['zone']} session at {last['step']} {last['step_week']}, "
                f"next_run is {nr['phase']} {nr['week']}"
            )

    # upcoming_weeks: the 4 calendar weeks after the one holding as_of.
    as_of = date.fromisoformat(case["as_of"])
    first_monday = as_of - timedelta(days=as_of.weekday()) + timedelta(days=7)
    gap = 1 + s.rest_days_between_runs
    for i, week in enumerate(out["upcoming_weeks"]):
        monday = first_monday + timedelta(days=7 * i)
        assert week["week_start"] == monday.isoformat()
        assert week["run_minutes"] >= 0
        # Phases 1-2 run on non-consecutive days: only as many as fit from the earliest
        # date on (clinical model section 3; phase 3 does not state the rule).
        if nr is not None and nr["phase"] != "continuous" and "sessions" in week:
            first = max(monday, date.fromisoformat(nr["earliest_date"]))
            days_left = (monday + timedelta(days=7) - first).days
            fit = max(0, -(-days_left // gap))
            assert week["sessions"] <= fit, (
                f"week of {monday} plans {week['sessions']} runs, {fit} fit from {first}"
            )

    # Never plans a phase-3 week above the weekly cap (default +10 %).
    factor = 1 + s.weekly_increase_pct / 100
    if out["phase"] == "continuous":
        weeks = [w["run_minutes"] for w in out["upcoming_weeks"]]
        for a, b in pairwise(weeks):
            if a > 0:
                assert b <= a * 1.10 + 0.5, f"upcoming week grows {a} -> {b} (> 10 %)"
                assert b <= a * factor + 0.5, f"upcoming week grows {a} -> {b} (> {factor})"
        if nr is not None and nr["phase"] == "continuous" and weeks:
            volume = nr["sessions_per_week"] * nr["continuous_min"]
            assert weeks[0] <= volume * factor + 0.5, (volume, weeks)

    # Strength: none while paused; relieving when irritability is high; sets 1-4.
    answers = latest_answers(case)
    high = (
        answers["comfortable_position"] is not True
        or (
            answers["resting_pain"] is not None
            and answers["resting_pain"] >= s.high_irritability_resting_pain
        )
        or (
            answers["settle_time_min"] is not None
            and answers["settle_time_min"] > s.high_irritability_settle_min
        )
    )
    assert out["irritability"] == ("high" if high else "low")
    # Section 9 (RUN-IRR): never offers running beyond walking while irritability is high.
    if high and nr is not None:
        assert nr["phase"] == "walk", nr
        assert all(w["run_minutes"] == 0 for w in out["upcoming_weeks"]), out["upcoming_weeks"]
    st_out = out["strength"]
    if not flags:
        assert st_out["category"] == ("relieving" if high else "strengthening")
        assert st_out["exercises"]
    last_load: dict[str, Json] = {}
    for e in known:
        if e["type"] == "strength" and e.get("load_kg") is not None:
            last_load[e["exercise"]] = e
    for ex in st_out["exercises"]:
        assert ex["id"] in EXERCISE_IDS
        assert isinstance(ex["sets"], int) and 1 <= ex["sets"] <= 4, ex
        # STR-PROG: +5-10 % in whole load steps after a full session with good technique.
        log = last_load.get(ex["id"])
        if log is None or ex["load_kg"] is None:
            continue
        prev = float(log["load_kg"])
        full = log["sets_done"] >= log["sets_planned"] and log.get("technique_ok") is not False
        if ex["progression"] == "increase":
            assert full and prev > 0, (ex, log)
            # Section 9: never raises the load of one exercise twice within 7 days.
            raised = last_raise(known, ex["id"])
            assert raised is None or (as_of - raised).days >= s.load_increase_interval_days
            low = prev * (1 + s.load_increase_min_pct / 100)
            high = prev * (1 + s.load_increase_max_pct / 100)
            assert low - 1e-6 <= ex["load_kg"] <= high + 1e-6, (ex, log)
            steps = ex["load_kg"] / s.load_step_kg
            assert abs(steps - round(steps)) < 1e-6, (ex, s.load_step_kg)
        elif ex.get("held"):
            # STR-HOLD (v3): after a red session or while running stalls the load is kept
            # whatever the last session earned, and the advice says so.
            assert ex["progression"] == "keep" and ex["load_kg"] == prev, (ex, log)
            assert "STR-HOLD" in st_out["rules"], st_out["rules"]
        else:
            assert ex["load_kg"] == prev, (ex, log)
            raised = last_raise(known, ex["id"])
            recent = raised is not None and (as_of - raised).days < s.load_increase_interval_days
            assert ex["progression"] in (
                ("bodyweight",)
                if prev == 0
                else ("keep_recent", "keep_no_step")
                if full
                else ("keep",)
            ), (ex, log)
            if full and prev > 0:
                assert (ex["progression"] == "keep_recent") == recent, (ex, raised)

    # STR-FREQ: at least 48 h (default) between strength sessions.
    if st_out["exercises"]:
        logs = [date.fromisoformat(e["date"]) for e in known if e["type"] == "strength"]
        earliest_strength = date.fromisoformat(st_out["earliest_date"])
        assert earliest_strength >= as_of
        if logs:
            assert earliest_strength >= max(logs) + timedelta(days=s.strength_rest_days)

    # Escalations (red flags go first; these are the ESC answers and the stall).
    assert set(out["escalations"]) <= set(ESCALATIONS)
    if out["paused"]:  # TRIAGE-QUIET (v3): red flags are stronger, nothing beside them
        assert out["escalations"] == []
    for rule, key in (
        ()
        if out["paused"]
        else (
            ("ESC-2", "unsure_what_is_allowed"),
            ("ESC-4", "sleep_or_daily_life_affected"),
            ("ESC-5", "radiating_leg_pain"),
            ("ESC-6", "wants_structured_plan"),
        )
    ):
        assert (rule in out["escalations"]) == (answers[key] is True), rule
    if not out["paused"] and out["function"] is None:  # FUNC-3 may also answer ESC-1
        assert ("ESC-1" in out["escalations"]) == not_better_after_weeks(case), "ESC-1"
    if out["phase"] == "alternative":
        assert "ESC-3" in out["escalations"]
    if "ESC-3" in out["escalations"]:
        assert out["phase"] in ("alternative", "paused")  # RUN-STALL, maybe under a red flag

    # FORM-CAD.
    cadence = case["profile"].get("cadence_spm")
    if cadence is None or cadence >= 170 or out["paused"]:
        # FORM-CAD-CAP, TRIAGE-QUIET (v3): no band at 170 spm or more, or beside a flag
        assert out["cadence_target_spm"] is None
    else:
        low, high_cad = out["cadence_target_spm"]
        assert low == math.ceil(cadence * (100 + s.cadence_increase_min_pct) / 100 - 1e-9)
        assert high_cad == min(  # FORM-CAD-CAP (v3): never above 180
            180, math.floor(cadence * (100 + s.cadence_increase_max_pct) / 100 + 1e-9)
        )

    # Explanation: every item complete, in the case's language; every rule a known ID.
    assert out["explanation"]
    for item in out["explanation"]:
        assert item["rule"] in RULE_IDS, item["rule"]
        for key in ("text", "text_da", "text_en"):
            assert isinstance(item[key], str) and item[key].strip(), (item["rule"], key)
        assert item["text"] == (item["text_da"] if locale == "da" else item["text_en"])
    rule_lists = [out.get("rules", []), out["strength"]["rules"], out["escalations"]]
    rule_lists += [x["rules"] for x in out["sessions"]]
    if nr is not None:
        rule_lists.append(nr["rules"])
    for rules in rule_lists:
        unknown = set(rules) - set(RULE_IDS)
        assert not unknown, f"unknown rule ids {unknown}"

    # Never diagnoses: it says it does not replace a clinician, in both languages.
    disclaimer = out["disclaimer"]
    assert "behandler" in disclaimer["da"] and "diagnose" in disclaimer["da"]
    assert "clinician" in disclaimer["en"] and "diagnose" in disclaimer["en"]


# --- Properties ------------------------------------------------------------------------


any_cases = st.one_of(
    cases(),
    cases(settings=clinic_settings()),
    climbing_cases(),
    climbing_cases(settings=clinic_settings()),
)


@PROFILE
@given(any_cases)
def test_a_valid_history_never_crashes_and_keeps_every_invariant(case: Json) -> None:
    out = simulate(case)
    event(f"phase: {out['phase']}")
    event(f"events: {len(case['events']) // 10 * 10}+")
    check_output(case, out)


@examples(0.2)
@given(any_cases)
def test_every_rule_cited_for_the_advice_is_explained(case: Json) -> None:
    """Contract: `explanation` lists every rule that shaped the output. The rules cited
    for today's advice (next run, strength, escalations) each have an explanation item."""
    out = simulate(case)
    explained = {item["rule"] for item in out["explanation"]}
    cited = {"escalations": set(out["escalations"]), "strength": set(out["strength"]["rules"])}
    if out["next_run"] is not None:
        cited["next_run"] = set(out["next_run"]["rules"])
    for where, rules in cited.items():
        assert rules <= explained, f"{where} cites {sorted(rules - explained)} unexplained"


@examples(0.2)
@given(cases(profile_red_flags=True))
@example(
    {"as_of": "2025-01-01", "profile": {"start_date": "2025-01-01", "red_flags": ["TRIAGE-14"]}}
    | {"events": []}
)
def test_never_prescribes_while_a_red_flag_from_intake_is_open(case: Json) -> None:
    out = simulate(case)
    check_output(case, out)
    if any(e["type"] == "cleared" for e in known_events(case)):
        return
    # TRIAGE-14 and 15 (advise) send the runner to a doctor within weeks and do not pause
    # the plan (clinical model, section 2); every other flag pauses it.
    if set(case["profile"]["red_flags"]) - set(TRIAGE_ADVISE):
        assert out["paused"] is True and out["next_run"] is None
        assert out["strength"]["exercises"] == [] and out["upcoming_weeks"] == []
    else:
        assert out["triage"]["advise_flags"] == sorted(
            set(case["profile"]["red_flags"]), key=lambda f: int(f.split("-")[1])
        )


@st.composite
def cases_with_a_new_red_flag(draw: st.DrawFn) -> Json:
    """A (climbing or random) history, then a red flag reported at as_of or before it."""
    case = draw(st.one_of(climbing_cases(), cases(min_events=1)))
    start = date.fromisoformat(case["profile"]["start_date"])
    as_of = date.fromisoformat(case["as_of"])
    flag_day = start + timedelta(days=draw(st.integers(0, max(0, (as_of - start).days))))
    flags = draw(
        st.lists(st.sampled_from([f"TRIAGE-{i}" for i in range(1, 8)]), min_size=1, max_size=3)
    )
    cleared_after = [
        e
        for e in case["events"]
        if e["type"] == "cleared" and flag_day <= date.fromisoformat(e["date"]) <= as_of
    ]
    events = [e for e in case["events"] if e not in cleared_after]
    events.append({"type": "red_flag", "date": flag_day.isoformat(), "flags": flags})
    return {**case, "events": events}


@examples(0.2)
@given(cases_with_a_new_red_flag())
def test_never_prescribes_while_a_red_flag_reported_later_is_open(case: Json) -> None:
    out = simulate(case)
    check_output(case, out)
    assert out["paused"] is True
    assert out["next_run"] is None
    assert out["strength"]["exercises"] == []
    assert out["upcoming_weeks"] == []
    assert out["triage"]["open_flags"]


@examples(0.2)
@given(cases_ending_in_doubt())
def test_never_harder_after_a_red_or_provisional_session(case: Json) -> None:
    with recorded_steps() as steps:
        out = simulate(case)
    check_output(case, out)
    last = out["sessions"][-1]
    assert last["id"] == "last"
    if last["zone"] == "unanswered":
        return  # ZONE-LATE (v3): its window has passed, and the plan no longer waits for it
    assert last["zone"] in ("red", "provisional")
    nr = out["next_run"]
    assert nr is not None
    event(f"last {last['zone']} at {last['step']}")
    assert ladder(nr["phase"], nr["week"]) <= ladder(last["step"], last["step_week"])
    # In phase 3 the level matters too: weekly volume, then run length.
    assert run_rank(nr) <= step_rank(steps["last"]), (nr, steps["last"])


@examples(0.2)
@given(st.one_of(any_cases, climbing_cases()), st.data())
def test_worse_news_never_earns_a_harder_next_session(case: Json, data: st.DataObject) -> None:
    """Making one known session red (pain 8 during it, or a bad next-morning answer) never
    makes the next session harder than it was."""
    known = [
        i
        for i, e in enumerate(case["events"])
        if e["type"] in ("walk", "run") and e["date"] <= case["as_of"]
    ]
    if not known:
        return
    i = data.draw(st.sampled_from(known), label="session")
    worse = json.loads(json.dumps(case))
    if data.draw(st.booleans(), label="bad answer"):
        worse["events"].append(
            {
                "type": "followup",
                "session": worse["events"][i]["id"],
                "date": case["as_of"],
                "pain": 10,
                "stiffness_worse": True,
            }
        )
    else:
        worse["events"][i]["pain_during"] = 8
    before, after = simulate(case), simulate(worse)
    a, b = before["next_run"], after["next_run"]
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert run_rank(b) <= run_rank(a), (a, b)


def _walk(sid: str, day: str) -> Json:
    return {
        "type": "walk",
        "id": sid,
        "date": day,
        "pain_before": 1,
        "pain_during": 1,
        "pain_after": 1,
    }


WALKING_FIRST = {
    "start_date": "2026-01-05",
    "walking_tolerated": False,
    "comfortable_position": True,
}
# w1's settled answer moves the plan to the test; then w2, walked at the walk step, turns
# out worse the next morning: a red at the lowest step.
RED_WALK_AFTER_ANOTHER_WALKS_ANSWER: Json = {
    "as_of": "2026-01-08",
    "profile": WALKING_FIRST,
    "events": [
        _walk("w1", "2026-01-06"),
        _walk("w2", "2026-01-07"),
        {"type": "followup", "session": "w1", "date": "2026-01-08", "pain": 1},
        {"type": "followup", "session": "w2", "date": "2026-01-08", "pain": 4},
    ],
}
# The same walk: settled at 24 h (the plan moves to the test), worse at 48 h.
RED_WALK_AT_48_HOURS: Json = {
    "as_of": "2026-01-08",
    "profile": WALKING_FIRST,
    "events": [
        _walk("w1", "2026-01-06"),
        {"type": "followup", "session": "w1", "date": "2026-01-07", "pain": 1},
        {"type": "followup", "session": "w1", "date": "2026-01-08", "pain": 4},
    ],
}


@examples(0.2)
@example(RED_WALK_AFTER_ANOTHER_WALKS_ANSWER)
@example(RED_WALK_AT_48_HOURS)
@given(walking_start_cases())
def test_a_red_session_at_the_lowest_step_stops_running(case: Json) -> None:
    """RUN-STALL: a red at the lowest step (walking) pauses running: walking plus other
    training, and ESC-3. `check_output` holds the rule; these histories aim at it."""
    out = simulate(case)
    last = out["sessions"][-1] if out["sessions"] else None
    if last is not None:
        event(f"last {last['zone']} at {last['step']}")
    check_output(case, out)


def prescribed_before(case: Json, session_id: str) -> Json | None:
    """The next_run the runner saw just before logging `session_id` (same day, earlier
    events included): what that session was meant to be."""
    known = known_events(case)
    i = next(k for k, e in enumerate(known) if e.get("id") == session_id)
    before = {**case, "events": known[:i], "as_of": known[i]["date"]}
    return simulate(before)["next_run"]


def _easy_run(sid: str, day: str) -> Json:
    return {
        "type": "run",
        "id": sid,
        "date": day,
        "pain_before": 1,
        "pain_during": 1,
        "pain_after": 1,
    }


# A late next-morning answer: t1's answer arrives after t2 (still provisional) was run,
# so the plan moves to intervals while the runner is (rightly) held at the test; the
# runner then does the test session "last" as prescribed.
LATE_ANSWER_CASE: Json = {
    "as_of": "2026-01-10",
    "profile": {
        "start_date": "2026-01-05",
        "walking_tolerated": True,
        "comfortable_position": True,
    },
    "events": [
        _easy_run("t1", "2026-01-06"),
        _easy_run("t2", "2026-01-08"),
        {"type": "followup", "session": "t1", "date": "2026-01-09", "pain": 1},
        _easy_run("last", "2026-01-10"),
    ],
}


@examples(0.2)
@example(LATE_ANSWER_CASE)
@given(cases_ending_in_doubt())
def test_never_harder_than_what_was_prescribed_for_a_red_or_provisional_session(
    case: Json,
) -> None:
    """The runner does the session they were given. After it is red or still provisional,
    the next session is not harder than that one (section 9, ZONE-2, RUN-ADV-R)."""
    out = simulate(case)
    nr = out["next_run"]
    prescribed = prescribed_before(case, "last")
    if nr is None or prescribed is None:
        return
    event(f"prescribed {prescribed['phase']} {prescribed['week']}, next {nr['phase']}")
    assert run_rank(nr) <= run_rank(prescribed), (
        f"'last' was prescribed {prescribed['phase']} {prescribed['week']} "
        f"{prescribed['continuous_min']}; after it ({out['sessions'][-1]['zone']}) next_run "
        f"is {nr['phase']} {nr['week']} {nr['continuous_min']}"
    )


@examples(0.2)
@given(
    st.one_of(
        climbing_cases(settings=clinic_settings()),
        climbing_cases(settings=st.fixed_dictionaries({"weekly_increase_pct": st.integers(0, 10)})),
    )
)
def test_never_plans_a_phase3_week_above_the_clinic_cap(case: Json) -> None:
    out = simulate(case)
    check_output(case, out)  # holds the cap checks, for the clinic's own percentage
    event(f"phase: {out['phase']}")
    pct = settings_of(case).weekly_increase_pct
    if out["phase"] == "continuous":
        weeks = [w["run_minutes"] for w in out["upcoming_weeks"]]
        for a, b in pairwise(weeks):
            if a > 0:
                assert b <= a * (1 + pct / 100) + 0.5, (pct, weeks)


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_every_clinic_setting_accepts_both_ends_of_its_bounds(name: str) -> None:
    """Valid input is never rejected: a clinician may set any value within the bounds."""
    _default, low, high, _rule = BOUNDS[name]
    for value in (low, high):
        case = {
            "as_of": "2026-01-05",
            "profile": {"start_date": "2026-01-05"},
            "settings": {name: value},
        }
        out = simulate(case)
        check_output(case, out)


FLOAT_SETTINGS = sorted(
    f.name for f in fields(ClinicSettings) if f.type == "float" and f.name in BOUNDS
)


@pytest.mark.parametrize("name", FLOAT_SETTINGS)
def test_a_fractional_setting_within_its_bounds_is_accepted(name: str) -> None:
    """ClinicSettings declares these as floats (percentages, kilograms, points): a value
    such as 7.5 % inside the bounds is a valid clinic choice."""
    _default, low, high, _rule = BOUNDS[name]
    value = round(low + (high - low) / 2, 2)
    if value == int(value):
        value += 0.25
    assert low <= value <= high
    case = {
        "as_of": "2026-01-05",
        "profile": {"start_date": "2026-01-05"},
        "settings": {name: value},
    }
    check_output(case, simulate(case))


def replay(case: Json) -> list[tuple[int, Json | None]]:
    """Evaluate the history event by event: as_of moves to each event's date in turn."""
    known = known_events(case)
    start = case["profile"]["start_date"]
    outs: list[tuple[int, Json | None]] = []
    for k in range(len(known) + 1):
        as_of = max(start, known[k - 1]["date"]) if k else start
        out = simulate({**case, "events": known[:k], "as_of": as_of})
        outs.append((k, out["next_run"]))
    return outs


@examples(0.1)
@given(st.one_of(climbing_cases(), climbing_cases(max_events=40), cases(as_of_after_last=True)))
def test_never_skips_a_step_while_the_history_grows(case: Json) -> None:
    seen: list[tuple[int, int]] = []  # (prefix length, ladder position)
    for k, nr in replay(case):
        if nr is None:
            continue  # paused: nothing prescribed
        pos = ladder(nr["phase"], nr["week"])
        if not seen:
            assert nr["phase"] in ("walk", "test"), f"starts at {nr['phase']} {nr['week']}"
        elif pos < 7 or seen[-1][1] < 7:
            prev_k, prev = seen[-1]
            assert pos <= prev + 1, (
                f"next_run jumps from ladder {prev} (after {prev_k} events) to {pos} "
                f"({nr['phase']} {nr['week']}, after {k} events)"
            )
        seen.append((k, pos))
    if seen:
        event(f"reached ladder {max(p for _, p in seen)}")


@examples(0.2)
@given(any_cases)
def test_same_input_same_output_also_after_a_json_round_trip(case: Json) -> None:
    first = simulate(case)
    again = simulate(case)
    assert again == first
    round_trip = simulate(json.loads(json.dumps(case)))
    assert round_trip == first
    text = json.dumps(first, allow_nan=False, sort_keys=True)
    assert json.loads(text) == first


@examples(0.2)
@given(any_cases, st.data())
def test_listing_order_matters_only_within_a_day(case: Json, data: st.DataObject) -> None:
    """Events are folded by date (ties in list order): listing events of different days in
    another order changes nothing."""
    events = list(case["events"])
    if len(events) < 2:
        return
    for _ in range(data.draw(st.integers(0, 3 * len(events)), label="swaps")):
        i = data.draw(st.integers(0, len(events) - 2), label="at")
        a, b = events[i], events[i + 1]
        if a["date"] == b["date"]:
            continue  # same day: the list order is the order of events
        if b["type"] == "followup" and b["session"] == a.get("id"):
            continue  # a follow-up is listed after the session it names
        events[i], events[i + 1] = b, a
    assert simulate({**case, "events": events}) == simulate(case)


RUNNING_KEYS = ("phase", "sessions", "upcoming_weeks")


@examples(0.1)
@given(any_cases)
def test_strength_logs_never_change_the_running_plan(case: Json) -> None:
    without = {**case, "events": [e for e in case["events"] if e["type"] != "strength"]}
    a, b = simulate(case), simulate(without)
    assert {k: a[k] for k in RUNNING_KEYS} == {k: b[k] for k in RUNNING_KEYS}
    assert a["next_run"] == b["next_run"]


@examples(0.1)
@given(any_cases, st.data())
def test_a_red_flag_cleared_at_once_leaves_the_plan_where_it_was(
    case: Json, data: st.DataObject
) -> None:
    """A flag reported and cleared the same day (nothing logged in between) pauses
    nothing afterwards: the same step, the same sessions; only the dates may move."""
    start = date.fromisoformat(case["profile"]["start_date"])
    as_of = date.fromisoformat(case["as_of"])
    if as_of < start or expected_open_flags(case):
        return
    day = start + timedelta(days=data.draw(st.integers(0, (as_of - start).days), label="day"))
    if expected_open_flags({**case, "as_of": day.isoformat()}):
        # A clearance lifts every open flag: with another flag still open at the end of
        # that day, the added clearance would lift it too, so the premise does not hold.
        return
    flags = data.draw(st.lists(st.sampled_from(sorted(TRIAGE_EMERGENCY)), min_size=1))
    events = [
        *case["events"],
        {"type": "red_flag", "date": day.isoformat(), "flags": flags},
        {"type": "cleared", "date": day.isoformat(), "by": "clinician"},
    ]
    a, b = simulate(case), simulate({**case, "events": events})
    assert b["paused"] is False and b["triage"]["open_flags"] == []
    for key in ("phase", "sessions", "irritability", "escalations"):
        assert a[key] == b[key], key
    assert a["next_run"] is not None and b["next_run"] is not None
    assert {k: a["next_run"][k] for k in STEP_FIELDS} == {k: b["next_run"][k] for k in STEP_FIELDS}
    assert b["next_run"]["earliest_date"] >= a["next_run"]["earliest_date"]


@st.composite
def cases_with_future_events(draw: st.DrawFn) -> tuple[Json, Json]:
    case = draw(st.one_of(cases(), climbing_cases()))
    as_of = date.fromisoformat(case["as_of"])
    later = draw(future_events(as_of, first_seq=1))
    # Also a late answer, dated after as_of, for a session that is already known.
    known_sessions = [e for e in known_events(case) if e["type"] in ("walk", "run")]
    if known_sessions and draw(st.booleans()):
        target = draw(st.sampled_from(known_sessions))
        later.append(
            {
                "type": "followup",
                "session": target["id"],
                "pain": draw(st.integers(0, 10)),
                "date": (as_of + timedelta(days=1)).isoformat(),
            }
        )
    return case, {**case, "events": [*case["events"], *later]}


@examples(0.2)
@given(cases_with_future_events())
def test_events_after_as_of_change_nothing(pair: tuple[Json, Json]) -> None:
    case, with_future = pair
    out = simulate(case)
    assert simulate(with_future) == out
    trimmed = {**case, "events": [e for e in case["events"] if e["date"] <= case["as_of"]]}
    assert simulate(trimmed) == out


STEP_FIELDS = (
    "phase",
    "week",
    "rounds",
    "run_min",
    "walk_min",
    "continuous_min",
    "sessions_per_week",
)


@examples(0.2)
@given(st.one_of(cases(as_of_after_last=True), climbing_cases()), st.integers(1, 60))
def test_time_alone_changes_no_step(case: Json, days: int) -> None:
    """With nothing new logged, waiting neither advances the plan nor sets it back (the
    next session still waits for its answers); only dates and time-based advice move."""
    out = simulate(case)
    later_as_of = date.fromisoformat(case["as_of"]) + timedelta(days=days)
    later = simulate({**case, "as_of": later_as_of.isoformat()})
    check_output({**case, "as_of": later_as_of.isoformat()}, later)
    # v3: time alone does move two things on purpose: a session whose answer window
    # passes becomes unanswered (ZONE-LATE), and a gap of 10 days or more steps the next
    # session back (RUN-BREAK). Compare only while neither applies.
    s = settings_of(case)
    dates = [date.fromisoformat(x["date"]) for x in out["sessions"]]
    if dates and (later_as_of - max(dates)).days > min(s.followup_window_days, 9):
        return
    waiting = [date.fromisoformat(x["date"]) for x in out["sessions"] if x["zone"] == "provisional"]
    if waiting and (later_as_of - min(waiting)).days > s.followup_window_days:
        return  # an earlier session still waiting passes its window too (ZONE-LATE)
    for key in ("triage", "paused", "phase", "irritability", "sessions"):
        assert later[key] == out[key], key
    if out["next_run"] is None:
        assert later["next_run"] is None
    else:
        assert {k: later["next_run"][k] for k in STEP_FIELDS} == {
            k: out["next_run"][k] for k in STEP_FIELDS
        }
        assert later["next_run"]["earliest_date"] >= out["next_run"]["earliest_date"]


def without_texts(out: Json) -> Json:
    copy = json.loads(json.dumps(out))
    copy.pop("locale", None)
    for item in copy["explanation"]:
        item.pop("text")
    return copy


@examples(0.2)
@given(any_cases)
def test_texts_follow_the_locale_and_nothing_else_does(case: Json) -> None:
    da = simulate({**case, "locale": "da"})
    en = simulate({**case, "locale": "en"})
    default = simulate({k: v for k, v in case.items() if k != "locale"})
    assert default == da
    for item in da["explanation"]:
        assert item["text"] == item["text_da"]
    for item in en["explanation"]:
        assert item["text"] == item["text_en"]
    # Only the chosen text differs: both languages are always given, identically.
    assert without_texts(da) == without_texts(en)


def _runback() -> Path:
    return Path(sys.executable).parent / "runback"


@examples(0.02)
@given(any_cases)
def test_the_command_prints_what_the_engine_returns(case: Json) -> None:
    proc = subprocess.run(
        [str(_runback()), "engine", "simulate", "-"],
        input=json.dumps(case),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert json.loads(proc.stdout) == simulate(case)


def test_the_strategies_reach_every_phase() -> None:
    """A guard for the generators themselves: the climbing histories do reach phase 3."""
    reached: set[str] = set()

    @settings(PROFILE, max_examples=200, database=None)
    @given(climbing_cases())
    def collect(case: Json) -> None:
        reached.add(simulate(case)["phase"])

    collect()
    assert {"test", "intervals", "continuous"} <= reached, reached


def test_last_date_helper() -> None:
    start = date(2026, 1, 5)
    assert last_date(start, []) == start
    assert last_date(start, [{"date": "2026-02-01"}, {"date": "2026-01-10"}]) == date(2026, 2, 1)


# --- Corrections and withdrawals (issue: a correction once crashed the fold) -------------

CORRECTABLE = ("walk", "run", "followup", "strength", "status")


@st.composite
def corrected_cases(draw: st.DrawFn) -> Json:
    """A valid case, then what the history page lets a runner do to any of its entries: a
    correction (its own id, `replaces`, the values and the date redrawn), maybe a
    correction of the correction, a withdrawal naming either id, maybe a correction of the
    withdrawn entry (the engine must ignore it), all appended like the web app does."""
    case = draw(any_cases)
    events = [dict(e) for e in case["events"]]
    start = date.fromisoformat(case["profile"]["start_date"])
    ids = [e["id"] for e in events if e.get("id") and e["type"] in CORRECTABLE]
    if not ids:
        return case
    seq = len(events) + 100
    for _round in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(ids))
        chain = [e for e in events if e.get("id") == target or e.get("replaces") == target]
        latest = chain[-1]
        action = draw(st.sampled_from(("correct", "correct", "withdraw")))
        seq += 1
        new_id = f"x{seq}"
        if action == "withdraw":
            events.append(
                {
                    "type": "withdraw",
                    "id": new_id,
                    "target": target,
                    "date": last_date(start, events).isoformat(),
                }
            )
            continue
        fixed = dict(latest)
        fixed.update(id=new_id, replaces=target)
        moved = date.fromisoformat(latest["date"]) + timedelta(days=draw(st.integers(-3, 3)))
        fixed["date"] = max(start, moved).isoformat()
        for key in ("pain_before", "pain_during", "pain_after", "pain"):
            if key in fixed and draw(st.booleans()):
                fixed[key] = draw(st.integers(0, 10))
        events.append(fixed)
        ids.append(new_id)
    as_of = max(date.fromisoformat(case["as_of"]), last_date(start, events))
    return {**case, "events": events, "as_of": as_of.isoformat()}


@PROFILE
@given(corrected_cases())
def test_every_accepted_history_can_be_corrected_and_withdrawn(case: Json) -> None:
    out = simulate(case)  # never an error: every event here is one the forms accept
    flags = out["triage"]["open_flags"]
    if flags:
        assert out["paused"] and out["next_run"] is None and not out["strength"]["exercises"]
    live_ids = {x["id"] for x in out["sessions"]}
    withdrawn = {e["target"] for e in case["events"] if e["type"] == "withdraw"}
    roots = {e["id"]: e.get("replaces", e["id"]) for e in case["events"] if e.get("id")}

    def root(i: str) -> str:
        while roots.get(i, i) != i:
            i = roots[i]
        return i

    gone = {root(t) for t in withdrawn}
    assert not (live_ids & gone), live_ids & gone
    assert all(root(i) == i for i in live_ids)  # sessions keep their first id
    if out["irritability"] == "high" and out["next_run"] is not None:
        assert out["next_run"]["phase"] == "walk"


# --- The resumable fold ----------------------------------------------------------------


@PROFILE
@given(st.one_of(any_cases, corrected_cases()), st.data())
def test_folding_a_prefix_storing_the_state_and_folding_the_rest_equals_simulate(
    case: Json, data: st.DataObject
) -> None:
    """For any history and any split point: fold the first events, round-trip the state
    through JSON (as the web app stores it), fold the rest: the same advice as the whole."""
    from runback.engine import (
        advise,
        fold_events,
        initial_state,
        read_case,
        state_from_json,
        state_to_json,
    )

    read = read_case(case)
    split = data.draw(st.integers(0, len(read.events)))
    state = fold_events(initial_state(read.profile, read.settings), read.events[:split])
    stored = json.loads(json.dumps(state_to_json(state)))
    resumed = fold_events(state_from_json(stored), read.events[split:])
    assert advise(resumed, read.as_of, read.locale) == simulate(case)


def test_a_state_of_another_engine_version_is_refused() -> None:
    from runback.engine import StateVersionError, initial_state, read_case, state_from_json
    from runback.engine import state_to_json as to_json

    read = read_case({"as_of": "2026-01-05", "profile": {"start_date": "2026-01-05"}})
    stored = to_json(initial_state(read.profile, read.settings))
    with pytest.raises(StateVersionError):
        state_from_json({**stored, "engine_version": "an old one"})
    with pytest.raises(StateVersionError):
        state_from_json({"engine_version": stored["engine_version"], "state": {"nope": 1}})


@examples(0.2)
@given(st.integers(1, 40), st.integers(0, 6))
def test_the_stored_state_stays_small_however_long_the_history(weeks: int, extra: int) -> None:
    """Three runs a week with their answers, a strength log and a status: the state a
    check-in reads and writes does not grow with the sessions once the window has closed
    them; what grows is one small entry a week (the weekly running minutes against the
    plan, and a step passed), about 0.3 KB."""
    from runback.engine import fold_events, initial_state, read_case, state_to_json

    start = date(2026, 1, 5)
    events: list[Json] = []
    for w in range(weeks):
        for k, offset in enumerate((0, 2, 4)):
            day = start + timedelta(days=7 * w + offset)
            sid = f"r{w}_{k}"
            events.append({"type": "run", "id": sid, "date": day.isoformat(),
                           "pain_before": 2, "pain_during": 2, "pain_after": 2})  # fmt: skip
            events.append({"type": "followup", "session": sid, "pain": 2,
                           "date": (day + timedelta(days=1)).isoformat()})  # fmt: skip
        events.append({"type": "strength", "id": f"s{w}", "exercise": "split_squat",
                       "date": (start + timedelta(days=7 * w + 5)).isoformat(),
                       "sets_planned": 3, "sets_done": 3, "load_kg": 10 + w})  # fmt: skip
        events.append({"type": "status", "pain_week_avg": 3,
                       "date": (start + timedelta(days=7 * w + 6)).isoformat()})  # fmt: skip
    as_of = start + timedelta(days=7 * weeks + extra)
    case = read_case({"as_of": as_of.isoformat(), "profile": {"start_date": start.isoformat(),
                      "walking_tolerated": True, "comfortable_position": True},
                      "events": events})  # fmt: skip
    state = fold_events(initial_state(case.profile, case.settings), case.events)
    state.closed_sessions.clear()  # kept elsewhere by a caller that stores the state
    assert len(state.records) <= 5
    size = len(json.dumps(state_to_json(state)))
    assert size < 9000 + 350 * weeks, size


# --- Section 9, the (v3) invariants -------------------------------------------------------


def _paused_flags(case: Json) -> list[str]:
    return [f for f in expected_open_flags(case) if f not in TRIAGE_ADVISE]


@examples(0.3)
@given(st.one_of(any_cases, cases(profile_red_flags=True), cases_with_a_new_red_flag()))
def test_nothing_but_the_triage_guidance_while_a_flag_is_open(case: Json) -> None:
    """TRIAGE-QUIET, COND-QUIET (v3): only TRIAGE-1..15 entries, no escalations, no cadence,
    goal or function beside an open emergency or prompt flag."""
    out = simulate(case)
    if not _paused_flags(case):
        return
    rules = [e["rule"] for e in out["explanation"]]
    assert all(r.startswith("TRIAGE-") and r != "TRIAGE-R" for r in rules), rules
    assert out["escalations"] == []
    assert out["cadence_target_spm"] is None
    assert out["goal"] is None and out["function"] is None and out["life"] is None


def _planned_run_min(session: Json, s: ClinicSettings) -> float | None:
    if session["step"] == "test":
        return float(s.test_rounds * s.test_run_min)
    if session["step"] == "intervals":
        rounds, run, _walk = INTERVALS[session["step_week"]]
        return float(rounds * run)
    if session["step"] == "continuous":
        return float(session["step_minutes"] or 0)
    return None


INTERVALS = {1: (4, 2, 3), 2: (4, 3, 2), 3: (4, 5, 2), 4: (3, 8, 2), 5: (3, 10, 2)}


@examples(0.3)
@given(st.one_of(any_cases, climbing_cases()))
def test_runs_beyond_the_plan_never_move_it_on(case: Json) -> None:
    """RUN-OVER (v3): a run more than 10 % longer than planned, intervals run without their
    walks, a run the day after another (phases 1-2) or a second run on one day never
    counts towards a step."""
    out = simulate(case)
    s = settings_of(case)
    raw = {e["id"]: e for e in known_events(case) if e["type"] == "run"}
    run_days: dict[str, list[str]] = {}
    for result in out["sessions"]:
        if result["type"] != "run" or result["id"] not in raw:
            continue
        event = raw[result["id"]]
        planned = _planned_run_min(result, s)
        earlier = run_days.setdefault("all", [])
        reasons = []
        run_min = event.get("run_min")
        too_long = planned is not None and run_min is not None
        if too_long and run_min > math.ceil(planned * 1.1 - 1e-9) + 1e-9:
            reasons.append("longer")
        if result["step"] in ("test", "intervals"):
            day_before = (date.fromisoformat(result["date"]) - timedelta(days=1)).isoformat()
            if day_before in earlier:
                reasons.append("day_after")
            if event.get("walk_min") is not None:
                if result["step"] == "test":
                    walking = s.test_rounds * s.test_walk_min
                else:
                    rounds, _run, walk = INTERVALS[result["step_week"]]
                    walking = rounds * walk
                if event["walk_min"] < walking / 2 - 1e-9:
                    reasons.append("no_walks")
        if result["date"] in earlier:
            reasons.append("second_today")
        earlier.append(result["date"])
        if reasons and result["step"] != "walk":
            assert result["counted"] is False, (result, reasons)
            assert result["over"] is not None


@examples(0.3)
@given(st.one_of(any_cases, climbing_cases()))
def test_never_raises_a_load_after_a_red_session_or_while_running_stalls(case: Json) -> None:
    """STR-HOLD (v3): no load goes up from the day after a red session through the seventh
    day, nor while running stalls."""
    out = simulate(case)
    if out["paused"]:
        return
    as_of = date.fromisoformat(out["as_of"])
    reds = [date.fromisoformat(x["date"]) for x in out["sessions"] if x["zone"] == "red"]
    in_hold = any(1 <= (as_of - d).days <= 7 for d in reds)
    if in_hold or out["phase"] == "alternative":
        for exercise in out["strength"]["exercises"]:
            assert exercise["progression"] != "increase", exercise
    if out["phase"] == "alternative" and out["strength"]["category"] == "strengthening":
        assert all(e["sets"] <= 2 for e in out["strength"]["exercises"])


@examples(0.3)
@given(any_cases)
def test_never_a_cadence_above_180_or_an_increase_at_170(case: Json) -> None:
    """FORM-CAD-CAP (v3)."""
    out = simulate(case)
    band = out["cadence_target_spm"]
    if band is None:
        return
    low, high = band
    assert low <= high <= 180
    measured = [e["cadence_spm"] for e in known_events(case) if e.get("cadence_spm")]
    base = sorted(measured[:5])[(len(measured[:5]) - 1) // 2] if measured else None
    base = base if base is not None else case["profile"].get("cadence_spm")
    assert base is not None and base < 170


def _week_pain(case: Json) -> dict[date, float]:
    weeks: dict[date, float] = {}
    for e in known_events(case):
        if e["type"] == "status" and e.get("pain_week_avg") is not None:
            d = date.fromisoformat(e["date"])
            weeks[d - timedelta(days=d.weekday())] = e["pain_week_avg"]
    return weeks


def _trend_holds(weeks: dict[date, float], week: date) -> bool:
    """ZONE-TREND, written again from the clinical model."""
    chain: list[float] = []
    later = week
    for w in sorted((w for w in weeks if w < week), reverse=True):
        if (later - w).days > 14 or len(chain) == 3:
            break
        chain.insert(0, weeks[w])
        later = w
    if len(chain) >= 2 and chain[-1] - chain[-2] >= 2 - 1e-9:
        return True
    return len(chain) == 3 and chain[0] < chain[1] < chain[2]


@examples(0.3)
@given(any_cases)
def test_never_advances_while_zone_trend_holds(case: Json) -> None:
    """ZONE-TREND (v3): no session in a week where it holds counts towards a step; and
    ESC-7 when it holds two calendar weeks in a row."""
    out = simulate(case)
    weeks = _week_pain(case)
    for result in out["sessions"]:
        d = date.fromisoformat(result["date"])
        if _trend_holds(weeks, d - timedelta(days=d.weekday())):
            assert result["counted"] is False, result
    as_of = date.fromisoformat(out["as_of"])
    monday = as_of - timedelta(days=as_of.weekday())
    both = _trend_holds(weeks, monday) and _trend_holds(weeks, monday - timedelta(days=7))
    if not out["paused"]:
        assert ("ESC-7" in out["escalations"]) == both


@examples(0.3)
@given(st.one_of(climbing_cases(), any_cases), st.integers(10, 60))
def test_after_a_break_the_next_session_is_never_harder_and_easier_where_it_can_be(
    case: Json, days: int
) -> None:
    """RUN-BREAK (v3): after a gap of 10 days or more, the next session is never harder
    than the step that was due, and is easier wherever an easier step exists."""
    sessions = [e for e in known_events(case) if e["type"] in ("run", "walk")]
    if not sessions:
        return
    last = max(date.fromisoformat(e["date"]) for e in sessions)
    later = {**case, "as_of": (last + timedelta(days=days)).isoformat()}
    later["events"] = [e for e in case["events"] if e["date"] <= case["as_of"]]
    before = simulate({**case, "as_of": max(case["as_of"], last.isoformat())})
    out = simulate(later)
    if out["paused"] or out["phase"] == "alternative" or out["next_run"] is None:
        return
    due = before["plan"]
    nr = out["next_run"]
    due_rank = ladder(due["step"], due["week"])
    assert ladder(nr["phase"], nr["week"]) <= max(due_rank, ladder("walk", None))
    if due["step"] in ("test", "intervals") and out["irritability"] == "low":
        assert ladder(nr["phase"], nr["week"]) < due_rank
        assert "RUN-BREAK" in nr["rules"]


@examples(0.2)
@given(any_cases)
def test_never_intensity_before_two_tolerated_weeks_at_the_goal(case: Json) -> None:
    """RUN-P4 (v3): intensity is not built yet (issue 19's RUN-P4), so the plan never
    reaches the intensity phase, strides or quality sessions at all."""
    out = simulate(case)
    assert out["phase"] not in ("intensity", "maintenance")
    if out["next_run"] is not None:
        assert not out["next_run"].get("strides") and not out["next_run"].get("quality")


@examples(0.2)
@given(any_cases)
def test_phase3_never_plans_beyond_the_goal(case: Json) -> None:
    """RUN-GOAL (v3): phase 3 holds at the goal volume; going beyond needs a new goal."""
    out = simulate(case)
    goal = out["goal"]
    if goal is None or out["phase"] != "continuous":
        return
    for week in out["upcoming_weeks"]:
        assert week["run_minutes"] <= goal["weekly_min"] + 1e-6, (week, goal)
