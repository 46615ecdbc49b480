"""The running plan's steps (RUN-P1..P3): walk, the test, interval weeks 1-5 and continuous
weekly levels, and how one follows another."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from runback.engine.settings import ClinicSettings

StepKind = Literal["walk", "test", "intervals", "continuous"]

# RUN-P2: week -> (rounds, run minutes, walk minutes). Week 5 is [derived].
INTERVAL_WEEKS: dict[int, tuple[int, int, int]] = {
    1: (4, 2, 3),
    2: (4, 3, 2),
    3: (4, 5, 2),
    4: (3, 8, 2),
    5: (3, 10, 2),
}


LAST_INTERVAL_WEEK = max(INTERVAL_WEEKS)


STEPS_KEPT = 20


@dataclass(frozen=True)
class Step:
    """One prescribed session shape. Continuous steps are a weekly pattern."""

    kind: StepKind
    week: int | None = None  # intervals: RUN-P2 week 1-5
    runs_per_week: int | None = None  # continuous
    minutes: int | None = None  # continuous: minutes per run

    def rank(self) -> tuple[int, int, int]:
        """Orders steps by how hard they are (for 'never harder' checks)."""
        base = {"walk": 0, "test": 1, "intervals": 2, "continuous": 3}[self.kind]
        if self.kind == "intervals":
            return (base, self.week or 0, 0)
        if self.kind == "continuous":
            return (base, (self.runs_per_week or 0) * (self.minutes or 0), self.minutes or 0)
        return (base, 0, 0)

    def run_minutes(self, settings: ClinicSettings) -> float:
        """Running minutes in one session of this step."""
        if self.kind == "test":
            return float(settings.test_rounds * settings.test_run_min)
        if self.kind == "intervals":
            rounds, run, _walk = INTERVAL_WEEKS[self.week or 1]
            return float(rounds * run)
        if self.kind == "continuous":
            return float(self.minutes or 0)
        return 0.0

    def quota(self, settings: ClinicSettings) -> int:
        """Runs per calendar week at this step."""
        if self.kind == "continuous":
            return self.runs_per_week or settings.runs_per_week
        return settings.runs_per_week


def step_name(step: Step) -> str:
    """A step as a short name: walk, test, intervals_3, continuous_3x18."""
    if step.kind == "intervals":
        return f"intervals_{step.week}"
    if step.kind == "continuous":
        return f"continuous_{step.runs_per_week}x{step.minutes}"
    return step.kind


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def first_continuous(settings: ClinicSettings) -> Step:
    return Step(
        "continuous", runs_per_week=settings.runs_per_week, minutes=settings.phase3_start_min
    )


def next_continuous(step: Step, settings: ClinicSettings) -> Step:
    """RUN-ORDER and RUN-CAP: frequency first, then volume; never above +10 % a week.

    The target is the weekly volume of the tolerated week plus the cap. A run is added
    while the runs can stay at least as long as the phase-3 start; otherwise the runs
    get longer. Whole minutes, rounded down, so the cap always holds.
    """
    runs = step.runs_per_week or settings.runs_per_week
    minutes = step.minutes or settings.phase3_start_min
    target = runs * minutes * (1 + settings.weekly_increase_pct / 100)
    max_runs = settings.phase3_max_runs_per_week
    goal = goal_of(settings)
    if goal is not None:
        # RUN-GOAL (v3): up to the goal volume and its runs a week, and no further.
        target = min(target, float(goal[0]))
        max_runs = goal[1]
        if target <= runs * minutes + 1e-9:
            return step
    more = math.floor(target / (runs + 1) + 1e-9)
    if runs < max_runs and more >= settings.phase3_start_min:
        return Step("continuous", runs_per_week=runs + 1, minutes=more)
    longer = max(minutes, math.floor(target / runs + 1e-9))
    return Step("continuous", runs_per_week=runs, minutes=longer)


def goal_of(settings: ClinicSettings) -> tuple[int, int] | None:
    """RUN-GOAL (v3): the goal's weekly minutes G and runs a week, or None without a goal.
    G is at least the first phase-3 week; the runs at least the clinic's runs a week."""
    if settings.goal_weekly_min <= 0:
        return None
    first = settings.runs_per_week * settings.phase3_start_min
    runs = max(settings.goal_runs_per_week, settings.runs_per_week)
    return max(settings.goal_weekly_min, first), runs


def at_goal(step: Step, settings: ClinicSettings) -> bool:
    """RUN-GOAL: the step's weekly volume has reached the goal volume."""
    goal = goal_of(settings)
    if goal is None or step.kind != "continuous":
        return False
    return next_continuous(step, settings) == step


def step_after(step: Step, settings: ClinicSettings) -> Step:
    """The next step on the ladder: walk -> test -> weeks 1-5 -> continuous levels."""
    if step.kind == "walk":
        return Step("test")
    if step.kind == "test":
        return Step("intervals", week=1)
    if step.kind == "intervals":
        week = step.week or 1
        if week < LAST_INTERVAL_WEEK:
            return Step("intervals", week=week + 1)
        return first_continuous(settings)
    return next_continuous(step, settings)


def needed_at(step: Step, settings: ClinicSettings) -> int:
    """Tolerated sessions, done as prescribed, that open the next step."""
    if step.kind in ("walk", "test"):
        return 1  # RUN-P1: one tolerated walk opens the test; one tolerated test opens phase 2
    if step.kind == "continuous":
        return step.quota(settings)  # a whole tolerated week
    return settings.sessions_per_step
