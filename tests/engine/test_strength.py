"""STR-*: irritability decides the programme; load progresses only on complete, clean sets."""

import pytest

from runback.engine.settings import ClinicSettings
from runback.engine.strength import next_load
from tests.engine.cases import advise, day, profile


def strength_log(n: int, exercise: str = "split_squat", planned: int = 3, done: int = 3,
                 load: float | None = 10, technique_ok: bool = True, sid: str = "s1") -> dict:
    return {"type": "strength", "id": sid, "date": day(n), "exercise": exercise,
            "sets_planned": planned, "sets_done": done, "load_kg": load,
            "technique_ok": technique_ok}


def exercise(out: dict, exercise_id: str) -> dict:
    return next(e for e in out["strength"]["exercises"] if e["id"] == exercise_id)


@pytest.mark.parametrize(
    ("answers", "irritability"),
    [({}, "low"), ({"comfortable_position": False}, "high"), ({"resting_pain": 6}, "low"),
     ({"resting_pain": 7}, "high"), ({"settle_time_min": 60}, "low"),
     ({"settle_time_min": 61}, "high"), ({"comfortable_position": None}, "high")],
)
def test_irritability_boundaries(answers: dict, irritability: str) -> None:
    assert advise([], 0, profile=profile(**answers))["irritability"] == irritability


def test_high_irritability_gives_relieving_exercises_with_holds() -> None:
    out = advise([], 0, profile=profile(comfortable_position=False))
    s = out["strength"]
    assert s["category"] == "relieving"
    assert [e["id"] for e in s["exercises"]] == ["cat_cow", "knee_to_chest", "book_opener"]
    knee = exercise(out, "knee_to_chest")
    assert knee["hold_s"] == 20 and knee["hold_s_max"] == 30 and knee["per_side"] is True


def test_low_irritability_gives_strengthening_with_relieving_warm_up() -> None:
    s = advise([], 0)["strength"]
    assert s["category"] == "strengthening"
    assert [e["id"] for e in s["exercises"]] == [
        "romanian_deadlift", "split_squat", "back_extension", "dead_bug", "pallof_press"]
    assert s["warm_up"] == ["cat_cow", "knee_to_chest", "book_opener"]
    assert all(1 <= e["sets"] <= 4 for e in s["exercises"])


def test_status_check_in_reclassifies_irritability() -> None:
    events = [{"type": "status", "date": day(7), "pain_week_avg": 5, "resting_pain": 8}]
    assert advise(events, 8)["irritability"] == "high"


def test_beginners_start_with_two_sets_and_build_to_three() -> None:
    assert exercise(advise([], 0), "split_squat")["sets"] == 2
    assert exercise(advise([strength_log(0)], 13), "split_squat")["sets"] == 2
    assert exercise(advise([strength_log(0)], 14), "split_squat")["sets"] == 3
    experienced = advise([], 0, profile=profile(strength_experience=True))
    assert exercise(experienced, "split_squat")["sets"] == 3


def test_all_sets_with_good_technique_add_five_to_ten_percent() -> None:
    e = exercise(advise([strength_log(1)], 3), "split_squat")
    assert e["load_kg"] == 10.5 and e["progression"] == "increase"


@pytest.mark.parametrize(("done", "technique_ok"), [(2, True), (3, False)])
def test_missed_set_or_poor_technique_keeps_the_load(done: int, technique_ok: bool) -> None:
    e = exercise(advise([strength_log(1, done=done, technique_ok=technique_ok)], 3),
                 "split_squat")
    assert e["load_kg"] == 10 and e["progression"] == "keep"


@pytest.mark.parametrize(
    ("load", "expected"),
    [(10, 10.5), (20, 21.0), (7, 7.5), (40, 42.0), (100, 105.0), (4, 4.0), (2, 2.0)],
)
def test_load_rounds_to_a_practical_step_inside_the_band(load: float, expected: float) -> None:
    advice = next_load(load_kg=load, all_sets_done=True, technique_ok=True,
                       settings=ClinicSettings())
    assert advice.load_kg == expected
    if expected != load:
        assert load * 1.05 - 1e-9 <= expected <= load * 1.10 + 1e-9


def test_bodyweight_stays_bodyweight() -> None:
    e = exercise(advise([strength_log(1, load=0)], 3), "split_squat")
    assert e["load_kg"] == 0 and e["progression"] == "bodyweight"


def test_next_strength_session_waits_48_hours() -> None:
    assert advise([strength_log(1)], 1)["strength"]["earliest_date"] == day(3)


def test_logged_supplementary_exercise_is_kept_in_the_programme() -> None:
    out = advise([strength_log(1, exercise="glute_bridge", load=20)], 3)
    assert exercise(out, "glute_bridge")["load_kg"] == 21.0
