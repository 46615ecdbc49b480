"""Clinic settings: defaults from the clinical model, changes only within safe bounds."""

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from runback.engine import InvalidInput, simulate
from runback.engine.rules import TRIAGE_ADVISE
from runback.engine.settings import BOUNDS, START_STEPS, ClinicSettings, SettingsError
from runback.engine.strength import swap_group
from tests.engine.cases import advise, day, profile, run, tolerated_run
from tests.engine.strategies import cases, climbing_cases, clinic_settings, plan_choices
from tests.engine.test_properties import (
    PROFILE,
    expected_open_flags,
    known_events,
    ladder,
    latest_answers,
    settings_of,
)


def test_defaults_are_the_clinical_model_defaults() -> None:
    s = ClinicSettings()
    assert (
        s.green_max_pain,
        s.yellow_max_pain,
        s.sessions_per_step,
        s.phase3_start_min,
        s.weekly_increase_pct,
        s.esc1_weeks,
    ) == (2, 5, 3, 15, 10, 6)
    for name, (default, low, high, _rule) in BOUNDS.items():
        assert getattr(s, name) == default
        assert low <= default <= high


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weekly_increase_pct": 11}, "weekly_increase_pct"),
        ({"yellow_max_pain": 6}, "yellow_max_pain"),
        ({"green_max_pain": 3, "yellow_max_pain": 2}, "yellow_max_pain"),
        ({"sessions_per_step": 2.5}, "sessions_per_step"),
        ({"sessions_per_step": "3"}, "sessions_per_step"),
        ({"no_such_thing": 1}, "no_such_thing"),
    ],
)
def test_out_of_bounds_values_are_rejected(changes: dict, field: str) -> None:
    with pytest.raises(SettingsError) as err:
        ClinicSettings().with_changes(changes)
    assert field in err.value.field
    with pytest.raises(InvalidInput) as err2:
        simulate({"as_of": day(0), "profile": profile(), "settings": changes})
    assert err2.value.field.startswith("settings.")


def test_a_clinician_may_tighten_within_bounds() -> None:
    s = ClinicSettings().with_changes({"weekly_increase_pct": 5, "sessions_per_step": 4})
    assert s.weekly_increase_pct == 5 and s.sessions_per_step == 4


# --- A clinician's start step (RUN-P1, RUN-P2) ---------------------------------------------


def settings_event(n: int, **changes: Any) -> dict[str, Any]:
    return {"type": "settings", "date": day(n), "changes": changes}


def step_of(out: dict[str, Any]) -> tuple[str, int | None]:
    return out["next_run"]["phase"], out["next_run"]["week"]


@pytest.mark.parametrize("start", START_STEPS)
def test_every_start_step_is_accepted_and_starts_there(start: str) -> None:
    out = advise([], 0, settings={"start_step": start})
    expected = (start, None) if start in ("walk", "test") else ("intervals", int(start[-1]))
    assert step_of(out) == expected
    rule = "RUN-P2" if start.startswith("intervals") else "RUN-P1"
    texts = [e["text_en"] for e in out["explanation"] if e["rule"] == rule]
    assert any("A clinician has set where your running starts" in t for t in texts)


@pytest.mark.parametrize("bad", ["continuous", "intervals_6", "intervals_0", "week3", 3, None])
def test_a_start_step_outside_the_bounds_is_refused(bad: Any) -> None:
    with pytest.raises(SettingsError) as err:
        ClinicSettings().with_changes({"start_step": bad})
    assert err.value.field == "settings.start_step"
    with pytest.raises(InvalidInput) as err2:
        advise([settings_event(1, start_step=bad)], 2)
    assert err2.value.field == "events.0.changes.start_step"


def test_the_last_start_step_climbs_into_continuous_at_the_phase3_start() -> None:
    events: list[dict[str, Any]] = []
    for k, n in enumerate((1, 3, 5)):
        events += tolerated_run(f"r{k}", n)
    out = advise(events, 8, settings={"start_step": "intervals_5"})
    assert out["next_run"]["phase"] == "continuous"
    assert (out["next_run"]["sessions_per_week"], out["next_run"]["continuous_min"]) == (3, 15)


def test_a_red_session_at_the_start_step_goes_back_one_step() -> None:
    out = advise([run("r1", 1, during=7)], 3, settings={"start_step": "intervals_3"})
    assert step_of(out) == ("intervals", 2)
    assert "RUN-ADV-R" in out["next_run"]["rules"]
    out = advise([run("r1", 1, during=7)], 3, settings={"start_step": "test"})
    assert step_of(out) == ("walk", None)


def test_a_red_flag_still_pauses_with_a_start_step() -> None:
    flagged = {"type": "red_flag", "date": day(2), "flags": ["TRIAGE-5"]}
    out = advise([settings_event(1, start_step="intervals_4"), flagged], 3)
    assert out["paused"] and out["next_run"] is None and out["upcoming_weeks"] == []
    cleared = {"type": "cleared", "date": day(4), "by": "clinician"}
    out = advise([settings_event(1, start_step="intervals_4"), flagged, cleared], 5)
    assert step_of(out) == ("intervals", 4)


def test_an_irritable_back_walks_whatever_the_start_step() -> None:
    irritable = profile(comfortable_position=False)
    out = advise([], 0, profile=irritable, settings={"start_step": "intervals_5"})
    assert out["phase"] == "walk" and out["next_run"]["phase"] == "walk"
    assert all(w["run_minutes"] == 0 for w in out["upcoming_weeks"])
    calm = {"type": "status", "date": day(3), "comfortable_position": True}
    out = advise([calm], 4, profile=irritable, settings={"start_step": "intervals_5"})
    assert step_of(out) == ("intervals", 5)


def test_a_start_step_set_later_moves_the_plan_from_that_day() -> None:
    events = [*tolerated_run("t", 1), settings_event(3, start_step="intervals_3")]
    assert step_of(advise(events[:2], 3)) == ("intervals", 1)
    out = advise(events, 3)
    assert step_of(out) == ("intervals", 3)
    assert out["plan"]["tolerated_at_step"] == 0
    # Moving down is always allowed (more cautious).
    out = advise([*events, settings_event(4, start_step="walk")], 4)
    assert step_of(out) == ("walk", None)


def test_a_start_step_never_undoes_a_red_step_back_or_a_stall() -> None:
    events = [
        *tolerated_run("t", 1),
        run("r1", 3, during=7),
        settings_event(4, start_step="intervals_4"),
    ]
    out = advise(events, 5)
    assert step_of(out) == ("test", None)  # RUN-ADV-R: back from week 1 to the test
    held = [e["text_en"] for e in out["explanation"] if e["rule"] == "RUN-P2"]
    assert any("safety comes first" in t for t in held)
    stalled = [
        run("r1", 1, during=7),
        run("r2", 3, during=7),
        settings_event(4, start_step="intervals_2"),
    ]
    out = advise(stalled, 5)
    assert out["phase"] == "alternative" and "ESC-3" in out["escalations"]


def test_the_same_start_step_sent_again_changes_nothing() -> None:
    """A later settings event repeating the start (e.g. with another number changed) does
    not lift the plan back up after a red session stepped it back."""
    events = [settings_event(0, start_step="intervals_3"), run("r1", 1, during=7)]
    again = [*events, settings_event(3, start_step="intervals_3", sessions_per_step=4)]
    assert step_of(advise(again, 4)) == ("intervals", 2)


# --- Exercise swaps (STR-ANY) ----------------------------------------------------------------


def programme(out: dict[str, Any]) -> list[str]:
    return [e["id"] for e in out["strength"]["exercises"]]


def test_a_swap_puts_the_new_exercise_in_the_old_ones_place() -> None:
    out = advise([], 0, settings={"exercise_swaps": {"split_squat": "glute_bridge"}})
    assert programme(out) == [
        "romanian_deadlift",
        "glute_bridge",
        "back_extension",
        "dead_bug",
        "pallof_press",
    ]
    assert "glute_bridge" not in out["strength"]["alternatives"]
    swap = [e["text_en"] for e in out["explanation"] if e["rule"] == "STR-ANY"]
    assert any("replaced Split squat with Glute bridge" in t for t in swap)
    # Clearing the swaps (an empty object) brings the programme back.
    events = [settings_event(1, exercise_swaps={})]
    out = advise(events, 2, settings={"exercise_swaps": {"split_squat": "glute_bridge"}})
    assert "split_squat" in programme(out)


@pytest.mark.parametrize(
    ("swaps", "field", "words"),
    [
        ({"split_squat": "no_such"}, "split_squat", "not a known exercise"),
        ({"no_such": "glute_bridge"}, "no_such", "not a known exercise"),
        ({"split_squat": "cat_cow"}, "split_squat", "must be swapped for one of"),
        ({"cat_cow": "bird_dog"}, "cat_cow", "must be swapped for one of"),
        ({"split_squat": "dead_bug"}, "split_squat", "already in the programme"),
        ({"cat_cow": "book_opener"}, "cat_cow", "already in the programme"),
        ({"split_squat": "clamshell", "dead_bug": "clamshell"}, "dead_bug", "already in"),
        ({"glute_bridge": "clamshell"}, "glute_bridge", "not an exercise of the programme"),
        (["split_squat"], "", "must be an object"),
        ([[["a"], "b"]], "", "must name exercises by their ids"),
        ([["dead_bug", "bird_dog"], ["dead_bug", "clamshell"]], "dead_bug", "swapped twice"),
    ],
)
def test_a_bad_swap_is_refused_naming_the_exercise(swaps: Any, field: str, words: str) -> None:
    where = "settings.exercise_swaps" + (f".{field}" if field else "")
    with pytest.raises(SettingsError) as err:
        ClinicSettings().with_changes({"exercise_swaps": swaps})
    assert err.value.field == where and words in err.value.message
    with pytest.raises(InvalidInput) as err2:
        advise([], 0, settings={"exercise_swaps": swaps})
    assert err2.value.field == where


def strength_log(sid: str, n: int, exercise: str, load: float, sets: int = 2) -> dict[str, Any]:
    return {
        "type": "strength",
        "id": sid,
        "date": day(n),
        "exercise": exercise,
        "sets_planned": sets,
        "sets_done": sets,
        "load_kg": load,
        "technique_ok": True,
    }


def test_dosing_carries_on_and_the_load_is_the_new_exercises_own() -> None:
    """STR-VOL: a beginner who has built up with split squats gets the full dose of the
    exercise that replaces it; STR-PROG: its load comes from its own logs."""
    events = [strength_log("s1", 0, "split_squat", 20), strength_log("s2", 15, "split_squat", 20)]
    events.append(settings_event(16, exercise_swaps={"split_squat": "glute_bridge"}))
    out = advise(events, 17)
    bridge = next(e for e in out["strength"]["exercises"] if e["id"] == "glute_bridge")
    assert bridge["sets"] == 3 and bridge["load_kg"] is None  # full dose, no kilograms yet
    out = advise([*events, strength_log("s3", 17, "glute_bridge", 10, sets=3)], 19)
    bridge = next(e for e in out["strength"]["exercises"] if e["id"] == "glute_bridge")
    assert (bridge["sets"], bridge["load_kg"], bridge["progression"]) == (3, 10.5, "increase")
    # A beginner's build-up is not shortened by a swap: two weeks from the first log.
    fresh = advise([settings_event(0, exercise_swaps={"dead_bug": "bird_dog"})], 1)
    assert next(e for e in fresh["strength"]["exercises"] if e["id"] == "bird_dog")["sets"] == 2


def test_an_irritable_back_keeps_the_relieving_exercises_whatever_the_swaps() -> None:
    out = advise(
        [],
        0,
        profile=profile(comfortable_position=False),
        settings={"exercise_swaps": {"split_squat": "glute_bridge"}},
    )
    assert programme(out) == ["cat_cow", "knee_to_chest", "book_opener"]


# --- Property: whatever the start step and swaps, section 9 holds ---------------------------


@st.composite
def cases_with_plan_settings(draw: st.DrawFn) -> dict[str, Any]:
    """A (random or climbing) history, with start steps and swaps at the start and in
    `settings` events on any day of it."""
    settings = st.one_of(st.none(), clinic_settings())
    case = draw(st.one_of(cases(settings=settings), climbing_cases(settings=settings)))
    case = {k: v for k, v in case.items() if v is not None}
    start = date.fromisoformat(case["profile"]["start_date"])
    as_of = date.fromisoformat(case["as_of"])
    events = list(case["events"])
    for _ in range(draw(st.integers(1, 3))):
        when = start + timedelta(days=draw(st.integers(0, max(0, (as_of - start).days))))
        changes = draw(plan_choices()) or {"start_step": draw(st.sampled_from(START_STEPS))}
        at = draw(st.integers(0, len(events)))
        events.insert(at, {"type": "settings", "date": when.isoformat(), "changes": changes})
    return {**case, "events": events}


@PROFILE
@given(cases_with_plan_settings())
def test_start_steps_and_swaps_never_override_safety(case: dict[str, Any]) -> None:
    out = simulate(case)
    nr = out["next_run"]
    flags = [f for f in expected_open_flags(case) if f not in TRIAGE_ADVISE]
    event(f"phase: {out['phase']}")
    # Red flags pause: nothing prescribed.
    if flags:
        assert out["paused"] and nr is None and out["upcoming_weeks"] == []
        assert out["strength"]["exercises"] == []
        return
    assert nr is not None
    # RUN-IRR: no running beyond walking while the back is irritable; relieving exercises.
    answers = latest_answers(case)
    s = settings_of(case)
    for e in known_events(case):  # in fold order
        if e["type"] == "settings":
            s = s.with_changes(e["changes"])
    if out["irritability"] == "high":
        assert nr["phase"] == "walk"
        assert all(w["run_minutes"] == 0 for w in out["upcoming_weeks"])
        assert out["strength"]["category"] == "relieving"
    else:
        assert answers["comfortable_position"] is True
    # Never harder after a red or a provisional session.
    if out["sessions"]:
        last = out["sessions"][-1]
        if last["zone"] in ("red", "provisional"):
            assert ladder(nr["phase"], nr["week"]) <= ladder(last["step"], last["step_week"])
    # RUN-CAP: no planned phase-3 week above the clinic's weekly cap.
    if out["phase"] == "continuous":
        weeks = [w["run_minutes"] for w in out["upcoming_weeks"]]
        factor = 1 + s.weekly_increase_pct / 100
        for a, b in pairwise(weeks):
            if a > 0:
                assert b <= a * factor + 0.5, (a, b)
    # Swaps: every exercise known, of the programme's group, none twice.
    programme_ids = [e["id"] for e in out["strength"]["exercises"]]
    assert len(programme_ids) == len(set(programme_ids))
    group = "relieving" if out["strength"]["category"] == "relieving" else "strengthening"
    assert all(swap_group(i) == group for i in programme_ids)
    for old, new in s.exercise_swaps:
        if group == "strengthening":
            assert new in programme_ids and old not in programme_ids
