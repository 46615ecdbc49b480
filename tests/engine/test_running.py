"""RUN-*: the return-to-run plan, step by step."""

import itertools

import pytest

from runback.engine import simulate
from runback.engine.running import Step, next_continuous
from runback.engine.settings import ClinicSettings
from tests.engine.cases import (
    advise,
    day,
    followup,
    profile,
    run,
    through_week,
    tolerated_run,
    walk,
)


def test_walking_first_when_walking_is_not_comfortable() -> None:
    out = advise([], 0, profile=profile(walking_tolerated=False))
    assert out["phase"] == "walk" and out["next_run"]["phase"] == "walk"
    assert out["next_run"]["walk_min"] == 20


def test_one_tolerated_walk_opens_the_test() -> None:
    events = [walk("w1", 1), followup("w1", 2, pain=1)]
    out = advise(events, 2, profile=profile(walking_tolerated=False))
    assert out["next_run"]["phase"] == "test"
    assert out["next_run"]["rounds"] == 3 and out["next_run"]["run_min"] == 1


def test_walk_without_next_morning_answer_does_not_open_the_test() -> None:
    out = advise([walk("w1", 1)], 1, profile=profile(walking_tolerated=False))
    assert out["next_run"]["phase"] == "walk"


def test_one_tolerated_test_opens_week_one() -> None:
    out = advise(tolerated_run("t", 1), 2)
    assert (out["next_run"]["phase"], out["next_run"]["week"]) == ("intervals", 1)


@pytest.mark.parametrize(("sessions", "week"), [(2, 1), (3, 2)])
def test_two_versus_three_tolerated_sessions_at_a_step(sessions: int, week: int) -> None:
    events = tolerated_run("t", 1)
    for k in range(sessions):
        events += tolerated_run(f"s{k}", 3 + 2 * k)
    out = advise(events, 3 + 2 * sessions)
    assert out["next_run"]["week"] == week


@pytest.mark.parametrize("week", [1, 2, 3, 4])
def test_interval_weeks_follow_the_table(week: int) -> None:
    table = {1: (4, 2, 3), 2: (4, 3, 2), 3: (4, 5, 2), 4: (3, 8, 2), 5: (3, 10, 2)}
    events, n = through_week(week)
    nr = advise(events, n)["next_run"]
    assert nr["week"] == week + 1
    assert (nr["rounds"], nr["run_min"], nr["walk_min"]) == table[week + 1]


def test_three_by_ten_tolerated_opens_continuous_running() -> None:
    events, n = through_week(5)
    out = advise(events, n)
    assert out["phase"] == "continuous"
    assert out["next_run"]["continuous_min"] == 15
    assert "RUN-P3" in out["next_run"]["rules"]


def test_a_partial_session_does_not_count() -> None:
    events = [
        *tolerated_run("t", 1),
        *tolerated_run("a", 3),
        *tolerated_run("b", 5),
        run("c", 7, run_min=4),
        followup("c", 8),
    ]
    out = advise(events, 9)
    assert out["next_run"]["week"] == 1
    assert next(s for s in out["sessions"] if s["id"] == "c")["counted"] is False


def test_red_with_no_tolerated_step_goes_back_to_walking() -> None:
    out = advise([run("r1", 1, during=7)], 2)
    assert out["next_run"]["phase"] == "walk"
    assert "RUN-ADV-R" in out["next_run"]["rules"]


def test_red_after_tolerated_sessions_at_the_step_repeats_the_step() -> None:
    events = [*tolerated_run("t", 1), *tolerated_run("a", 3), run("b", 5, during=6)]
    out = advise(events, 6)
    assert (out["next_run"]["phase"], out["next_run"]["week"]) == ("intervals", 1)
    assert out["plan"]["tolerated_at_step"] == 0


def test_red_at_the_first_session_of_a_step_goes_back_one_step() -> None:
    events, n = through_week(2)
    events.append(run("x", n, during=7))
    out = advise(events, n + 2)
    assert out["next_run"]["week"] == 2


def test_after_a_red_the_next_run_waits_a_rest_day() -> None:
    events = [*tolerated_run("t", 1), run("r", 3, during=7)]
    out = advise(events, 3)
    assert out["next_run"]["earliest_date"] == day(5)


def test_runs_are_on_non_consecutive_days() -> None:
    out = advise(tolerated_run("t", 1), 2)
    assert out["next_run"]["earliest_date"] == day(3)


@pytest.mark.parametrize(("gap", "stalled"), [(6, True), (7, False)])
def test_two_reds_within_seven_days_stall_running(gap: int, stalled: bool) -> None:
    events, n = through_week(2)
    events += [run("x", n, during=7), run("y", n + gap, during=7)]
    out = advise(events, n + gap + 1)
    assert (out["phase"] == "alternative") is stalled
    assert ("ESC-3" in out["escalations"]) is stalled


def test_red_at_the_lowest_step_stalls_running() -> None:
    events = [walk("w1", 1, during=7)]
    out = advise(events, 2, profile=profile(walking_tolerated=False))
    assert out["phase"] == "alternative"
    assert out["next_run"]["phase"] == "walk"
    assert out["next_run"]["alternative_training"] == ["cycling", "swimming"]
    assert "RUN-STALL" in out["next_run"]["rules"]


def test_after_a_stall_a_tolerated_walk_after_the_rest_reopens_the_test() -> None:
    events = [walk("w1", 1, during=7), walk("w2", 9), followup("w2", 10, pain=1)]
    out = advise(events, 10, profile=profile(walking_tolerated=False))
    assert out["phase"] == "test"


def test_continuous_weeks_never_grow_more_than_ten_percent() -> None:
    step = Step("continuous", runs_per_week=3, minutes=15)
    settings = ClinicSettings()
    for _ in range(40):
        nxt = next_continuous(step, settings)
        before = (step.runs_per_week or 0) * (step.minutes or 0)
        after = (nxt.runs_per_week or 0) * (nxt.minutes or 0)
        assert before < after <= before * 1.10
        step = nxt


def test_frequency_comes_before_volume() -> None:
    settings = ClinicSettings()
    step = Step("continuous", runs_per_week=3, minutes=19)  # 57 min; +10 % allows 4 x 15
    assert next_continuous(step, settings) == Step("continuous", runs_per_week=4, minutes=15)


def test_upcoming_weeks_in_phase_three_respect_the_cap() -> None:
    events, n = through_week(5)
    for k in range(3):
        events += tolerated_run(f"c{k}", n + 2 * k)
    out = advise(events, n + 7)
    weeks = [w["run_minutes"] for w in out["upcoming_weeks"]]
    assert len(weeks) == 4
    for a, b in itertools.pairwise(weeks):
        assert b <= a * 1.10 + 1e-9


def test_upcoming_weeks_are_the_four_calendar_weeks_after_as_of() -> None:
    out = advise([], 2)  # a Wednesday
    assert [w["week_start"] for w in out["upcoming_weeks"]] == [day(7), day(14), day(21), day(28)]


def test_provisional_latest_session_caps_the_next_run() -> None:
    # Session c is done at week 1; b's late follow-up then advances the plan to week 2.
    events = [
        *tolerated_run("t", 1),
        *tolerated_run("a", 3),
        *tolerated_run("a2", 5),
        run("b", 7),
        run("c", 9),
        followup("b", 9),
    ]
    out = advise(events, 10)
    assert out["plan"]["week"] == 2
    assert out["next_run"]["week"] == 1


def test_description_is_concrete() -> None:
    out = advise(tolerated_run("t", 1), 2)
    assert out["next_run"]["description"]["en"] == "Walk 5 min, then 4 × (run 2 min, walk 3 min)"
    assert out["next_run"]["description"]["da"] == "Gå 5 min, derefter 4 × (løb 2 min, gå 3 min)"


def test_withdrawn_session_is_forgotten() -> None:
    events = [*tolerated_run("t", 1), {"type": "withdraw", "date": day(3), "target": "t"}]
    assert advise(events, 3)["next_run"]["phase"] == "test"


def test_corrected_session_replaces_the_original() -> None:
    events = [run("t", 1, during=7), {**run("t", 1, during=2), "replaces": "t"}, followup("t", 2)]
    out = advise(events, 3)
    assert [s["zone"] for s in out["sessions"]] == ["green"]


def test_case_as_plain_json_round_trip() -> None:
    case = {"as_of": day(2), "profile": profile(), "events": tolerated_run("t", 1)}
    assert simulate(case) == simulate(case)


def test_a_new_weekly_level_in_phase_three_starts_next_week() -> None:
    events, n = through_week(5)
    # Three tolerated continuous runs in one calendar week complete the first level.
    first = n + (7 - (n % 7)) % 7  # the next Monday
    for k in range(3):
        events += tolerated_run(f"c{k}", first + 2 * k)
    out = advise(events, first + 5)
    assert out["next_run"]["earliest_date"] == day(first + 7)
    assert out["next_run"]["continuous_min"] == 16


def test_weeks_done_show_running_minutes_against_the_plan() -> None:
    events = [*tolerated_run("t", 1), *tolerated_run("a", 3), run("b", 7, run_min=5)]
    weeks = advise(events, 8)["weeks_done"]
    assert [w["week_start"] for w in weeks] == [day(0), day(7)]
    assert (weeks[0]["run_minutes"], weeks[0]["planned_minutes"]) == (11.0, 19.0)
    assert (weeks[1]["run_minutes"], weeks[1]["planned_minutes"]) == (5.0, 24.0)


def test_a_shorter_phase_three_run_does_not_count_towards_the_next_level() -> None:
    events, n = through_week(5)
    first = n + (7 - (n % 7)) % 7
    for k in range(3):
        events += tolerated_run(f"c{k}", first + 2 * k, run_min=14 if k == 2 else 15)
    out = advise(events, first + 5)
    assert out["next_run"]["continuous_min"] == 15


# RUN-IRR: walking only while the back is irritable.
def test_irritable_back_walks_even_when_walking_is_fine() -> None:
    out = advise([], 0, profile=profile(comfortable_position=False, walking_tolerated=True))
    assert out["irritability"] == "high"
    assert out["next_run"]["phase"] == "walk" and out["phase"] == "walk"
    assert "RUN-IRR" in out["next_run"]["rules"]
    assert all(w["run_minutes"] == 0 for w in out["upcoming_weeks"])


def test_irritability_mid_plan_caps_at_walking_and_calm_resumes_the_plan() -> None:
    events, n = through_week(1)
    irritable = [*events, {"type": "status", "date": day(n), "comfortable_position": False}]
    out = advise(irritable, n + 1)
    assert out["next_run"]["phase"] == "walk"
    calm = [*irritable, {"type": "status", "date": day(n + 3), "comfortable_position": True}]
    out = advise(calm, n + 4)
    assert out["next_run"]["phase"] == "intervals" and out["next_run"]["week"] == 2


def test_runs_logged_while_irritable_do_not_advance_the_plan() -> None:
    prof = profile(comfortable_position=False, walking_tolerated=True)
    out = advise([*tolerated_run("r1", 1)], 3, profile=prof)
    assert out["plan"]["step"] == "test"


def test_weeks_done_include_runs_before_the_start_week() -> None:
    events = [
        {
            "type": "run",
            "id": "early",
            "date": "2025-12-29",
            "pain_before": 2,
            "pain_during": 2,
            "pain_after": 2,
        }
    ]
    out = advise(events, 2)
    assert out["weeks_done"][0]["week_start"] == "2025-12-29"
    assert out["weeks_done"][0]["run_minutes"] > 0


def test_a_correction_with_its_own_id_keeps_the_identity_of_the_entry() -> None:
    events = [
        run("e1", 1, during=7),
        followup("e1", 2),
        {**run("e3", 1, during=2), "replaces": "e1"},
    ]
    out = advise(events, 3)
    assert [s["id"] for s in out["sessions"]] == ["e1"]
    assert out["sessions"][0]["zone"] == "green"
    withdrawn = advise(
        [*events, {"type": "withdraw", "id": "e4", "date": day(3), "target": "e3"}], 3
    )
    assert withdrawn["sessions"] == []


def test_a_withdrawn_entry_is_not_brought_back_by_a_correction() -> None:
    events = [
        run("e1", 1),
        {"type": "withdraw", "id": "e2", "date": day(2), "target": "e1"},
        {**run("e3", 1, during=3), "replaces": "e1"},
    ]
    assert advise(events, 3)["sessions"] == []
