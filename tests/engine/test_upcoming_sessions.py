"""`upcoming_sessions`: the sessions the plan places from the next run's earliest day
through the end of the week after it, from the same simulation as `upcoming_weeks`."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import event, given

from runback.engine import running, simulate
from runback.engine.settings import ClinicSettings
from tests.engine.cases import advise, day, profile, run, through_week, tolerated_run, walk
from tests.engine.strategies import Json
from tests.engine.test_properties import STEP_FIELDS, any_cases, examples, settings_of

STEP_KEYS = (*STEP_FIELDS, "warmup_walk_min", "total_run_min", "description")


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def check_sessions(case: Json, out: dict[str, Any]) -> None:
    """The invariants of `upcoming_sessions` for any output."""
    sessions, nr = out["upcoming_sessions"], out["next_run"]
    quiet = out["paused"] or out["irritability"] == "high" or out["phase"] == "alternative"
    if nr is None or quiet:
        assert sessions == [], sessions
        return
    assert sessions, "a plan with a next run lists it"
    earliest = date.fromisoformat(nr["earliest_date"])
    end = _monday(earliest) + timedelta(days=14)
    first = sessions[0]
    assert first["date"] == nr["earliest_date"]
    assert {k: first[k] for k in STEP_KEYS} == {k: nr[k] for k in STEP_KEYS}
    days = [date.fromisoformat(s["date"]) for s in sessions]
    assert all(earliest <= d < end for d in days), (earliest, days)
    gap = 1 + settings_of(case).rest_days_between_runs
    for (a, sa), (b, sb) in pairwise(zip(days, sessions, strict=True)):
        assert a < b, days
        if "continuous" not in (sa["phase"], sb["phase"]):
            assert (b - a).days >= gap, (days, gap)
    # Per week, the sessions add up to the weeks' totals where the two overlap.
    for week in out["upcoming_weeks"]:
        start = date.fromisoformat(week["week_start"])
        if start + timedelta(days=7) > end:
            continue
        mine = [s for s, d in zip(sessions, days, strict=True) if _monday(d) == start]
        assert len(mine) == week["sessions"], (week, mine)
        assert sum(s["total_run_min"] for s in mine) == week["run_minutes"], (week, mine)


@examples(0.3)
@given(any_cases)
def test_upcoming_sessions_agree_with_next_run_and_the_weeks(case: Json) -> None:
    out = simulate(case)
    event(f"phase: {out['phase']}, sessions: {len(out['upcoming_sessions'])}")
    check_sessions(case, out)


def test_a_fresh_start_lists_the_test_then_week_one_three_days_a_week() -> None:
    out = advise([], 0)  # a Monday
    sessions = out["upcoming_sessions"]
    assert [s["date"] for s in sessions] == [day(n) for n in (0, 2, 4, 7, 9, 11)]
    assert sessions[0]["phase"] == "test"
    assert [s["week"] for s in sessions[1:]] == [1, 1, 1, 2, 2]
    assert sessions[1]["rounds"] == 4 and sessions[1]["run_min"] == 2
    assert sessions[1]["warmup_walk_min"] == 5
    assert sessions[1]["description"]["en"].startswith("Walk 5 min, then 4 ×")
    check_sessions({"profile": profile(), "events": []}, out)


def test_walking_first_lists_the_walk_then_the_test() -> None:
    out = advise([], 0, profile=profile(walking_tolerated=False))
    sessions = out["upcoming_sessions"]
    assert [s["phase"] for s in sessions[:3]] == ["walk", "test", "intervals"]
    assert sessions[0]["walk_min"] == 20 and sessions[0]["total_run_min"] == 0


def test_phase_three_lists_the_weekly_runs() -> None:
    events, n = through_week(5)
    for k in range(3):
        events += tolerated_run(f"c{k}", n + 2 * k)
    out = advise(events, n + 7)
    sessions = out["upcoming_sessions"]
    assert sessions and all(s["phase"] == "continuous" for s in sessions)
    assert all(s["continuous_min"] for s in sessions)
    check_sessions({"profile": profile(), "events": events}, out)


def test_nothing_is_listed_while_paused() -> None:
    out = advise([], 0, profile=profile(red_flags=["TRIAGE-1"]))
    assert out["next_run"] is None and out["upcoming_sessions"] == []


def test_nothing_is_listed_while_the_back_is_irritable() -> None:
    # RUN-IRR: walking only, and the projection places no session.
    out = advise([], 0, profile=profile(comfortable_position=False))
    assert out["next_run"]["phase"] == "walk" and out["upcoming_sessions"] == []


def test_nothing_is_listed_during_a_stall() -> None:
    out = advise([walk("w1", 1, during=7)], 2, profile=profile(walking_tolerated=False))
    assert out["phase"] == "alternative" and out["upcoming_sessions"] == []


def test_after_a_red_the_sessions_start_after_the_rest_day() -> None:
    events = [*tolerated_run("t", 1), run("r", 3, during=7)]
    out = advise(events, 3)
    assert out["upcoming_sessions"][0]["date"] == day(5)


def _check_projection(projection: running.Projection, gap: int) -> None:
    days = [s.day for s in projection.sessions]
    assert all(b > a for a, b in pairwise(days)), days
    for week in projection.weeks:
        mine = [s for s in projection.sessions if _monday(s.day) == week.week_start]
        if week.week_start < _monday(days[0]) + timedelta(days=14):
            assert len(mine) == week.sessions
            assert sum(s.step.run_minutes(ClinicSettings()) for s in mine) == week.run_minutes
    for a, b in pairwise(projection.sessions):
        if a.step.kind != "continuous":
            assert (b.day - a.day).days >= gap


@pytest.mark.parametrize("weekday", range(7))
@pytest.mark.parametrize("runs", [3, 4])
def test_phase_three_from_any_day_places_one_run_a_day_at_most(weekday: int, runs: int) -> None:
    settings = ClinicSettings()
    as_of = date(2026, 1, 5)  # a Monday
    first = as_of + timedelta(days=7 + weekday)  # a later start, in the week after
    projection = running.project(
        state=running.PlanState(step=running.first_continuous(settings)),
        step=running.Step("continuous", runs_per_week=runs, minutes=15),
        first_day=first,
        as_of=as_of,
        runs_this_week=0,
        settings=settings,
    )
    assert projection.sessions[0].day == first
    _check_projection(projection, 1 + settings.rest_days_between_runs)


def test_phase_two_into_phase_three_keeps_the_rest_days() -> None:
    settings = ClinicSettings()
    as_of = date(2026, 1, 7)  # a Wednesday
    projection = running.project(
        state=running.PlanState(step=running.Step("intervals", week=5), tolerated_at_step=2),
        step=running.Step("intervals", week=5),
        first_day=as_of,
        as_of=as_of,
        runs_this_week=1,
        settings=settings,
    )
    kinds = [s.step.kind for s in projection.sessions]
    assert kinds[0] == "intervals" and "continuous" in kinds
    _check_projection(projection, 1 + settings.rest_days_between_runs)
