"""The rules the web layer used to copy, given once by the engine: the segments of a
session, the derived red flags and the flag levels, which exercises take a band, the
next-morning window, what pauses the plan, and why an input is refused."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given

from runback.engine import (
    ASKED_FLAGS,
    BAND_EXERCISES,
    DERIVED_FLAGS,
    FLAG_LEVELS,
    INFLAMMATORY_SIGNS,
    TRIAGE_ADVISE,
    TRIAGE_EMERGENCY,
    TRIAGE_FLAGS,
    TRIAGE_PROMPT,
    InvalidInput,
    derived_flags,
    simulate,
)
from runback.engine.reading import ERROR_CODES
from runback.engine.strength import EXERCISES
from tests.engine.cases import advise, day, followup, profile, run, through_week, walk
from tests.engine.test_properties import any_cases, examples, settings_of

# --- next_run.segments -----------------------------------------------------------------


def _minutes(segments: list[dict[str, Any]], *kinds: str) -> float:
    return sum(s["seconds"] for s in segments if s["kind"] in kinds) / 60


def assert_segments_agree(step: dict[str, Any]) -> None:
    """The segments say what the step's fields say, in the order they are done."""
    segments = step["segments"]
    if step["phase"] == "walk":
        assert segments == [{"kind": "walk", "seconds": 60 * step["walk_min"], "round": 0}]
    elif step["phase"] == "continuous":
        assert segments == [{"kind": "run", "seconds": 60 * step["continuous_min"], "round": 0}]
    else:
        rounds = step["rounds"]
        warmup = {"kind": "warmup", "seconds": 60 * step["warmup_walk_min"], "round": 0}
        assert segments[0] == warmup
        assert segments[1:] == [
            {"kind": kind, "seconds": 60 * step[f"{kind}_min"], "round": n}
            for n in range(1, rounds + 1)
            for kind in ("run", "walk")
        ]
    assert _minutes(segments, "run") == step["total_run_min"]


def test_segments_of_each_kind_of_session() -> None:
    first = advise([], 1, profile=profile(walking_tolerated=False))["next_run"]
    assert first["segments"] == [{"kind": "walk", "seconds": 20 * 60, "round": 0}]
    test = advise([], 1)["next_run"]
    assert test["phase"] == "test"
    assert [s["kind"] for s in test["segments"]] == ["warmup", *["run", "walk"] * 3]
    assert [s["seconds"] for s in test["segments"]] == [300, *[60, 180] * 3]
    events, n = through_week(5)
    continuous = advise(events, n)["next_run"]
    assert continuous["phase"] == "continuous"
    assert continuous["segments"] == [{"kind": "run", "seconds": 15 * 60, "round": 0}]
    for step in (first, test, continuous):
        assert_segments_agree(step)


@examples(0.2)
@given(any_cases)
def test_segments_agree_with_every_step_given(case: dict[str, Any]) -> None:
    out = simulate(case)
    for step in [*([out["next_run"]] if out["next_run"] else []), *out["upcoming_sessions"]]:
        assert_segments_agree(step)


# --- TRIAGE-14/15 from the intake answers ------------------------------------------------


def _the_forms_rule(
    older: bool | None, first_time: bool | None, long: bool | None, signs: tuple[Any, ...]
) -> list[str]:
    """What rehab/forms.py `RedFlagForm.flags` derived before the engine did."""
    found = []
    if older and first_time:
        found.append("TRIAGE-14")
    if older is False and long and sum(1 for s in signs if s) >= 2:
        found.append("TRIAGE-15")
    return found


def test_derived_flags_give_what_the_form_gave_for_every_answer() -> None:
    answers = (True, False, None)
    for older, first_time, long, *signs in itertools.product(answers, repeat=7):
        assert derived_flags(
            age_50_or_over=older,
            first_time_no_cause=first_time,
            pain_over_3_months=long,
            inflammatory_signs=signs,
        ) == _the_forms_rule(older, first_time, long, tuple(signs)), (older, first_time, long)
    assert len(INFLAMMATORY_SIGNS) == 4


def test_flag_levels_cover_every_flag_once() -> None:
    assert ASKED_FLAGS == TRIAGE_EMERGENCY + TRIAGE_PROMPT
    assert DERIVED_FLAGS == TRIAGE_ADVISE == ("TRIAGE-14", "TRIAGE-15")
    assert sorted(FLAG_LEVELS) == sorted(TRIAGE_FLAGS)
    assert {f for f, level in FLAG_LEVELS.items() if level == "emergency"} == set(TRIAGE_EMERGENCY)
    assert {f for f, level in FLAG_LEVELS.items() if level == "prompt"} == set(TRIAGE_PROMPT)


def test_open_flags_with_their_levels_and_days() -> None:
    events = [
        {"type": "red_flag", "date": day(2), "flags": ["TRIAGE-15", "TRIAGE-5"]},
        {"type": "red_flag", "date": day(4), "flags": ["TRIAGE-5"]},
    ]
    out = advise(events, 5, profile=profile(red_flags=["TRIAGE-1"]))
    assert out["paused"] is True
    assert out["triage"]["flags"] == [
        {"id": "TRIAGE-1", "level": "emergency", "reported_on": day(0)},
        {"id": "TRIAGE-5", "level": "prompt", "reported_on": day(4)},
        {"id": "TRIAGE-15", "level": "advise", "reported_on": day(2)},
    ]
    advise_only = advise([events[0], {"type": "cleared", "date": day(3), "flags": ["TRIAGE-5"]}], 5)
    assert advise_only["paused"] is False and advise_only["triage"]["level"] == "advise"


@examples(0.2)
@given(any_cases)
def test_paused_is_one_answer(case: dict[str, Any]) -> None:
    out = simulate(case)
    triage = out["triage"]
    assert (
        out["paused"] == bool(triage["open_flags"]) == (triage["level"] in ("emergency", "prompt"))
    )
    assert [f["id"] for f in triage["flags"]] == triage["open_flags"] + triage["advise_flags"]
    assert all(f["level"] == FLAG_LEVELS[f["id"]] for f in triage["flags"])
    assert (out["next_run"] is None) == out["paused"]


# --- Band exercises ------------------------------------------------------------------------


def test_band_exercises_are_the_pallof_press_and_the_clamshell() -> None:
    assert {"pallof_press", "clamshell"} == BAND_EXERCISES
    assert {e for e, spec in EXERCISES.items() if spec.band} == BAND_EXERCISES
    clamshell = {
        "type": "strength",
        "id": "s1",
        "date": day(1),
        "exercise": "clamshell",
        "sets_planned": 3,
        "sets_done": 3,
        "band": "light",
    }
    out = advise([clamshell], 4)
    exercises = {e["id"]: e for e in out["strength"]["exercises"]}
    assert exercises["clamshell"]["uses_band"] is True
    assert exercises["clamshell"]["band"] == "medium"  # STR-PROG: the next band up
    assert exercises["pallof_press"]["uses_band"] is True
    assert exercises["romanian_deadlift"]["uses_band"] is False
    assert "band" not in exercises["romanian_deadlift"]


# --- The next-morning window ---------------------------------------------------------------


@pytest.mark.parametrize("window", [2, 3, 7])  # ZONE-LATE: 2-7 days
def test_followups_follow_the_clinics_window(window: int) -> None:
    events = [walk("w1", 1), run("r1", 3), run("r2", 6)]
    settings = {"followup_window_days": window}
    out = advise(events, 6, settings=settings)
    listed = {f["session"]: f for f in out["followups"]}
    for sid, n in (("w1", 1), ("r1", 3), ("r2", 6)):
        if n + window < 6:
            assert sid not in listed
            continue
        f = listed[sid]
        assert (f["answerable_from"], f["answerable_until"]) == (day(n + 1), day(n + window))
        assert f["waiting"] is (n < 6)  # today's session: from tomorrow
    # An answer on the last day counts; one a day later does not: the session is
    # unanswered (ZONE-LATE, v3) and no longer listed.
    for late, zones in ((0, {"green", "yellow", "red"}), (1, {"unanswered"})):
        answered = advise([run("r1", 3), followup("r1", 3 + window + late)], 3 + window + late,
                          settings=settings)  # fmt: skip
        zone = answered["sessions"][0]["zone"]
        assert zone in zones, (window, late, zone)
        assert bool(answered["followups"]) is (late == 0)


@examples(0.2)
@given(any_cases)
def test_followups_are_the_sessions_still_answerable(case: dict[str, Any]) -> None:
    out = simulate(case)
    window = settings_of(case).followup_window_days
    by_id = {s["id"]: s for s in out["sessions"]}
    for f in out["followups"]:
        session = by_id[f["session"]]
        assert (f["date"], f["zone"], f["type"]) == (
            session["date"],
            session["zone"],
            session["type"],
        )
        assert f["answerable_from"] <= f["answerable_until"]
        assert out["as_of"] <= f["answerable_until"]
        assert f["waiting"] == (f["zone"] == "provisional" and f["answerable_from"] <= out["as_of"])
    assert len({f["session"] for f in out["followups"]}) == len(out["followups"])
    assert window >= 2


# --- Refusals carry a code -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ([], "not_an_object"),
        ({"profile": profile()}, "required"),
        ({"as_of": day(1), "profile": profile(), "extra": 1}, "unknown_field"),
        ({"as_of": "tomorrow", "profile": profile()}, "invalid_date"),
        ({"as_of": day(1), "profile": profile(resting_pain=11)}, "invalid_value"),
        (
            {"as_of": day(1), "profile": profile(),
             "events": [{"type": "red_flag", "date": day(1), "flags": []}]},
            "no_flags",
        ),
        ({"as_of": day(1), "profile": profile(), "settings": {"test_rounds": 9}},
         "invalid_setting"),
        ({"as_of": day(3), "profile": profile(), "events": [run("r1", 1), run("r1", 2)]},
         "duplicate_id"),
        (
            {"as_of": day(3), "profile": profile(),
             "events": [{"type": "withdraw", "date": day(1), "target": "nope"}]},
            "unknown_target",
        ),
        ({"as_of": day(3), "profile": profile(), "events": [followup("nope", 2)]},
         "unknown_session"),
    ],
)  # fmt: skip
def test_refusals_carry_a_code(case: Any, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        simulate(case)
    assert refused.value.code == code
    assert code in ERROR_CODES
