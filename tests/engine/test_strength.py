"""STR-*: irritability decides the programme; load progresses only on complete, clean sets."""

import pytest

from runback.engine.settings import ClinicSettings
from runback.engine.strength import next_load
from tests.engine.cases import advise, day, profile


def strength_log(
    n: int,
    exercise: str = "split_squat",
    planned: int = 3,
    done: int = 3,
    load: float | None = 10,
    technique_ok: bool = True,
    sid: str = "s1",
) -> dict:
    return {
        "type": "strength",
        "id": sid,
        "date": day(n),
        "exercise": exercise,
        "sets_planned": planned,
        "sets_done": done,
        "load_kg": load,
        "technique_ok": technique_ok,
    }


def exercise(out: dict, exercise_id: str) -> dict:
    return next(e for e in out["strength"]["exercises"] if e["id"] == exercise_id)


@pytest.mark.parametrize(
    ("answers", "irritability"),
    [
        ({}, "low"),
        ({"comfortable_position": False}, "high"),
        ({"resting_pain": 6}, "low"),
        ({"resting_pain": 7}, "high"),
        ({"settle_time_min": 60}, "low"),
        ({"settle_time_min": 61}, "high"),
        ({"comfortable_position": None}, "high"),
    ],
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
        "romanian_deadlift",
        "split_squat",
        "back_extension",
        "dead_bug",
        "pallof_press",
    ]
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
    e = exercise(advise([strength_log(1, done=done, technique_ok=technique_ok)], 3), "split_squat")
    assert e["load_kg"] == 10 and e["progression"] == "keep"


@pytest.mark.parametrize(
    ("load", "expected"),
    [(10, 10.5), (20, 21.0), (7, 7.5), (40, 42.0), (100, 105.0), (4, 4.0), (2, 2.0)],
)
def test_load_rounds_to_a_practical_step_inside_the_band(load: float, expected: float) -> None:
    advice = next_load(
        load_kg=load, all_sets_done=True, technique_ok=True, settings=ClinicSettings()
    )
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


# STR-PROG: at most one load increase per exercise in any 7 days.
@pytest.mark.parametrize(
    ("as_of", "load", "progression"),
    [(4, 10.5, "keep_recent"), (9, 10.5, "keep_recent"), (10, 11.5, "increase")],
)
def test_no_second_increase_within_seven_days(as_of: int, load: float, progression: str) -> None:
    events = [strength_log(1, load=10, sid="s1"), strength_log(3, load=10.5, sid="s2")]
    e = exercise(advise(events, as_of), "split_squat")
    assert (e["load_kg"], e["progression"]) == (load, progression)
    if progression == "keep_recent":
        assert e["next_increase_date"] == day(10)


def test_the_seven_days_are_a_clinic_setting() -> None:
    events = [strength_log(1, load=10, sid="s1"), strength_log(3, load=10.5, sid="s2")]
    out = advise(events, 11, settings={"load_increase_interval_days": 10})
    assert exercise(out, "split_squat")["progression"] == "keep_recent"
    with pytest.raises(Exception, match="between 7 and 14"):
        advise([], 0, settings={"load_increase_interval_days": 5})


def test_a_lighter_session_is_not_an_increase() -> None:
    events = [strength_log(1, load=10, sid="s1"), strength_log(3, load=8, sid="s2")]
    e = exercise(advise(events, 4), "split_squat")
    assert e["progression"] == "increase" and e["load_kg"] == 8.5


def test_beginner_dose_is_a_clinic_setting() -> None:
    out = advise([strength_log(0)], 8, settings={"beginner_build_weeks": 1})
    assert exercise(out, "split_squat")["sets"] == 3
    out = advise([], 0, settings={"beginner_sets": 3})
    assert exercise(out, "split_squat")["sets"] == 3


def band_log(n: int, band: str, sid: str, done: int = 3) -> dict:
    return {
        "type": "strength",
        "id": sid,
        "date": day(n),
        "exercise": "pallof_press",
        "sets_planned": 3,
        "sets_done": done,
        "band": band,
    }


def test_pallof_press_progresses_by_band_not_kilograms() -> None:
    e = exercise(advise([band_log(1, "light", "p1")], 3), "pallof_press")
    assert (e["band"], e["progression"], e["load_kg"]) == ("medium", "increase", None)
    e = exercise(advise([band_log(1, "light", "p1", done=2)], 3), "pallof_press")
    assert (e["band"], e["progression"]) == ("light", "keep")
    e = exercise(
        advise([band_log(1, "light", "p1"), band_log(3, "medium", "p2")], 5), "pallof_press"
    )
    assert (e["band"], e["progression"]) == ("medium", "keep_recent")
    e = exercise(advise([band_log(1, "extra_heavy", "p1")], 3), "pallof_press")
    assert (e["band"], e["progression"]) == ("extra_heavy", "keep_top")


def test_unknown_band_is_bad_input() -> None:
    with pytest.raises(Exception, match="band"):
        advise([band_log(1, "purple", "p1")], 3)
