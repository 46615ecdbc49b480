"""ZONE-1..4: the traffic light decides every session."""

import pytest

from tests.engine.cases import advise, followup, run, session, walk


@pytest.mark.parametrize(
    ("during", "after", "zone"),
    [(0, 0, "green"), (2, 2, "green"), (2, 3, "yellow"), (3, 1, "yellow"), (5, 5, "yellow"),
     (6, 2, "red"), (2, 6, "red"), (10, 10, "red")],
)
def test_pain_during_and_after_boundaries(during: int, after: int, zone: str) -> None:
    out = advise([run("r1", 1, during=during, after=after), followup("r1", 2, pain=2)], 3)
    assert session(out, "r1")["zone"] == zone


def test_next_morning_equal_to_before_is_tolerated() -> None:
    out = advise([run("r1", 1, before=3), followup("r1", 2, pain=3)], 3)
    assert session(out, "r1")["zone"] == "green"


def test_next_morning_worse_than_before_is_red_even_when_green_during() -> None:
    out = advise([run("r1", 1, before=3), followup("r1", 2, pain=4)], 3)
    s = session(out, "r1")
    assert s["zone"] == "red"
    assert "ZONE-4" in s["rules"]
    assert "worse_next_morning" in s["reasons"]


def test_stiffness_worse_next_morning_is_red() -> None:
    out = advise([run("r1", 1), followup("r1", 2, pain=1, stiffness_worse=True)], 3)
    assert session(out, "r1")["zone"] == "red"


@pytest.mark.parametrize("flag", ["rose_during", "stopped_early"])
def test_rising_pain_or_stopping_is_red_at_once(flag: str) -> None:
    out = advise([run("r1", 1, **{flag: True})], 1)
    assert session(out, "r1")["zone"] == "red"


def test_without_next_morning_answer_the_session_is_provisional() -> None:
    out = advise([run("r1", 1)], 1)
    assert session(out, "r1")["zone"] == "provisional"
    assert session(out, "r1")["rules"] == ["ZONE-2"]
    assert out["next_run"]["phase"] == "test"
    assert "ZONE-2" in out["next_run"]["rules"]


def test_later_follow_up_that_is_worse_turns_a_settled_session_red() -> None:
    out = advise([run("r1", 1), followup("r1", 2, pain=2), followup("r1", 3, pain=5)], 4)
    assert session(out, "r1")["zone"] == "red"


def test_walks_get_zones_too() -> None:
    out = advise([walk("w1", 1, during=4), followup("w1", 2, pain=1)], 2)
    assert session(out, "w1")["zone"] == "yellow"


def test_clinic_can_tighten_the_yellow_limit() -> None:
    events = [run("r1", 1, during=5), followup("r1", 2, pain=2)]
    assert session(advise(events, 3), "r1")["zone"] == "yellow"
    tight = advise(events, 3, settings={"yellow_max_pain": 4})
    assert session(tight, "r1")["zone"] == "red"


def test_settings_event_changes_thresholds_from_its_date_on() -> None:
    events = [
        {"type": "settings", "date": "2026-01-05", "changes": {"yellow_max_pain": 4}},
        run("r1", 1, during=5), followup("r1", 2),
    ]
    assert session(advise(events, 3), "r1")["zone"] == "red"
