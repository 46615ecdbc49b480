"""How sessions move the running plan (RUN-ADV-G, RUN-ADV-R, RUN-STALL, RUN-OVER): the
plan's state and what a tolerated or a red session does to it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from runback.engine.settings import ClinicSettings
from runback.engine.steps import (
    INTERVAL_WEEKS,
    LAST_INTERVAL_WEEK,
    STEPS_KEPT,
    Step,
    at_goal,
    monday,
    needed_at,
    step_after,
)


@dataclass
class PlanState:
    """Where the runner is on the plan. Mutated by the fold, one session at a time."""

    step: Step
    below: list[Step] = field(default_factory=list)  # steps passed, for going back
    tolerated_at_step: int = 0
    week_of_count: date | None = None  # continuous: the calendar week being counted
    stalled: bool = False
    stalled_since: date | None = None
    red_dates: list[date] = field(default_factory=list)
    not_before: date | None = None  # earliest next run after a red (one rest day)

    def copy(self) -> PlanState:
        return replace(self, below=list(self.below), red_dates=list(self.red_dates))


@dataclass(frozen=True)
class Outcome:
    """What one session did to the plan, for the explanation."""

    counted: bool
    advanced: bool = False
    stalled: bool = False
    resumed: bool = False
    rules: tuple[str, ...] = ()


def start_state(*, walking_tolerated: bool, start_step: str = "") -> PlanState:
    """RUN-P1: walking first, unless the runner reports that walking is already comfortable;
    or where a clinician set the start (`ClinicSettings.start_step`)."""
    if start_step:
        step = start_step_of(start_step)
        return PlanState(step=step, below=steps_below(step))
    return PlanState(step=Step("test") if walking_tolerated else Step("walk"))


def start_step_of(name: str) -> Step:
    """A start step's name (settings.START_STEPS) as a step: never continuous running."""
    if name in ("walk", "test"):
        return Step(name)  # type: ignore[arg-type]
    kind, _sep, week = name.partition("_")
    assert kind == "intervals" and 1 <= int(week) <= LAST_INTERVAL_WEEK, name
    return Step("intervals", week=int(week))


def steps_below(step: Step) -> list[Step]:
    """The ladder under a phase 1-2 step, lowest first: where a red session goes back to
    (RUN-ADV-R: one step back, as from a step that was climbed)."""
    ladder = [Step("walk"), Step("test"), *(Step("intervals", week=w) for w in INTERVAL_WEEKS)]
    return ladder[: ladder.index(step)]


def apply_start(state: PlanState, name: str, *, latest_red: bool) -> bool:
    """A clinician set where running starts, from this day on: the plan moves to that step
    and counts from there. Safety first: during a stall (RUN-STALL) the plan stays where
    the rules put it, and right after a red session (RUN-ADV-R: it stepped back) it may
    only move down. True when the plan moved."""
    step = start_step_of(name)
    if state.stalled or (latest_red and step.rank() > state.step.rank()):
        return False
    state.step, state.below = step, steps_below(step)
    state.tolerated_at_step = 0
    state.week_of_count = None
    return True


def done_as_prescribed(
    *, kind: str, run_min: float | None, step: Step, settings: ClinicSettings
) -> bool:
    """Absent minutes mean the session was done as prescribed; less than ~90 % is partial."""
    if step.kind == "walk":
        return kind == "walk"
    if kind != "run":
        return False
    if run_min is None:
        return True
    if step.kind == "test":
        return run_min > 0
    if step.kind == "continuous":
        # RUN-CAP is measured against the week actually run: a phase-3 week only counts
        # when every run was at least as long as planned, so +10 % holds on what was done.
        return run_min >= step.run_minutes(settings) - 1e-9
    return run_min >= step.run_minutes(settings) * settings.done_as_prescribed_pct / 100 - 1e-9


# RUN-OVER (v3): a run moves the plan on only within 90-110 % of its running minutes.
OVER_MAX_PCT = 110


OVER_MIN_WALK_SHARE = 0.5  # phases 1-2: at least half the prescribed walking kept


def over_plan(
    *,
    kind: str,
    day: date,
    run_min: float | None,
    walk_min: float | None,
    step: Step,
    settings: ClinicSettings,
    earlier_runs: list[date],
) -> str | None:
    """RUN-OVER (v3): why a run, however it felt, does not move the plan on: longer than
    planned, intervals run without their walks, the day after another run (phases 1-2),
    a second run that day, or one more run than the level's week holds (phase 3). None
    when it may count."""
    if kind != "run" or step.kind == "walk":
        return None
    return _over_volume(run_min=run_min, walk_min=walk_min, step=step, settings=settings) or (
        _over_timing(day=day, step=step, settings=settings, earlier_runs=earlier_runs)
    )


def _over_volume(
    *, run_min: float | None, walk_min: float | None, step: Step, settings: ClinicSettings
) -> str | None:
    """RUN-OVER: longer than planned, or intervals run without their walks."""
    prescribed = step.run_minutes(settings)
    if run_min is not None and run_min > math.ceil(prescribed * OVER_MAX_PCT / 100 - 1e-9) + 1e-9:
        return "longer"
    if step.kind in ("test", "intervals") and walk_min is not None:
        if step.kind == "test":
            walking = settings.test_rounds * settings.test_walk_min
        else:
            rounds, _run, walk = INTERVAL_WEEKS[step.week or 1]
            walking = rounds * walk
        if walk_min < walking * OVER_MIN_WALK_SHARE - 1e-9:
            return "no_walks"
    return None


def _over_timing(
    *, day: date, step: Step, settings: ClinicSettings, earlier_runs: list[date]
) -> str | None:
    """RUN-OVER: a second run that day, the day after another run, one run too many."""
    if day in earlier_runs:
        return "second_today"
    if step.kind in ("test", "intervals") and day - timedelta(days=1) in earlier_runs:
        return "day_after"
    if step.kind == "continuous":
        this_week = sum(1 for d in earlier_runs if monday(d) == monday(day) and d <= day)
        if this_week >= step.quota(settings):
            return "extra_run"
    return None


def apply_tolerated(
    state: PlanState,
    *,
    kind: str,
    run_min: float | None,
    day: date,
    step_then: Step,
    settings: ClinicSettings,
    paused: bool,
) -> Outcome:
    """RUN-ADV-G: a tolerated session counts toward its step; enough of them advance it."""
    if state.stalled:
        return _resume_after_stall(state, kind=kind, day=day, settings=settings, paused=paused)
    if paused or step_then != state.step:
        return Outcome(counted=False)
    if not done_as_prescribed(kind=kind, run_min=run_min, step=state.step, settings=settings):
        return Outcome(counted=False)
    if state.step.kind == "continuous":
        week = monday(day)
        if state.week_of_count != week:
            state.week_of_count, state.tolerated_at_step = week, 0
    state.tolerated_at_step += 1
    if state.tolerated_at_step < needed_at(state.step, settings):
        return Outcome(counted=True, rules=("RUN-ADV-G",))
    if at_goal(state.step, settings):
        # RUN-GOAL (v3): a tolerated week at the goal volume holds there.
        state.tolerated_at_step, state.week_of_count = 0, None
        return Outcome(counted=True, rules=("RUN-ADV-G", "RUN-GOAL"))
    return _advance(state, day=day, settings=settings)


def _resume_after_stall(
    state: PlanState, *, kind: str, day: date, settings: ClinicSettings, paused: bool
) -> Outcome:
    """RUN-STALL: running resumes with the test once a walk is tolerated after the rest."""
    assert state.stalled_since is not None
    rest_over = (day - state.stalled_since).days >= settings.stall_rest_days
    if kind == "walk" and rest_over and not paused:
        state.stalled = False
        state.step, state.below, state.tolerated_at_step = Step("test"), [Step("walk")], 0
        return Outcome(counted=True, resumed=True, rules=("RUN-STALL", "RUN-P1"))
    return Outcome(counted=False)


def _advance(state: PlanState, *, day: date, settings: ClinicSettings) -> Outcome:
    """RUN-ADV-G: enough tolerated sessions move the plan one step up."""
    previous = state.step
    state.below.append(previous)
    # Going back is one step per red session; the last 20 steps passed are plenty and
    # keep the stored state small in a long phase 3.
    del state.below[:-STEPS_KEPT]
    state.step = step_after(previous, settings)
    state.tolerated_at_step = 0
    state.week_of_count = None
    if previous.kind == "continuous":
        # RUN-CAP: a new weekly level starts with the next calendar week.
        next_week = monday(day) + timedelta(days=7)
        state.not_before = max(state.not_before or next_week, next_week)
    phase_rule = {"test": "RUN-P1", "intervals": "RUN-P2", "continuous": "RUN-P3"}.get(
        state.step.kind, "RUN-P1"
    )
    extra = ("RUN-CAP", "RUN-ORDER") if previous.kind == "continuous" else ()
    return Outcome(counted=True, advanced=True, rules=("RUN-ADV-G", phase_rule, *extra))


def apply_red(
    state: PlanState, *, day: date, known: date, step_then: Step, settings: ClinicSettings
) -> Outcome:
    """RUN-ADV-R and RUN-STALL: a red session never moves the plan up."""
    gap = 1 + settings.rest_days_between_runs
    rest_until = max(day + timedelta(days=gap), known + timedelta(days=1))
    state.not_before = max(state.not_before or rest_until, rest_until)
    recent = [d for d in state.red_dates if abs((day - d).days) < settings.stall_window_days]
    state.red_dates.append(day)
    state.red_dates = state.red_dates[-8:]
    if state.stalled:
        state.stalled_since = max(state.stalled_since or day, day)
        return Outcome(counted=False, stalled=True, rules=("RUN-STALL",))
    if recent or state.step.kind == "walk" or step_then.kind == "walk":
        state.stalled, state.stalled_since = True, day
        state.tolerated_at_step = 0
        return Outcome(counted=False, stalled=True, rules=("RUN-STALL", "RUN-ADV-R"))
    if state.tolerated_at_step > 0:
        # The step itself was tolerated before: repeat it from scratch.
        state.tolerated_at_step = 0
        state.week_of_count = None
        return Outcome(counted=False, rules=("RUN-ADV-R",))
    state.step = state.below.pop() if state.below else Step("walk")
    state.tolerated_at_step = 0
    state.week_of_count = None
    return Outcome(counted=False, rules=("RUN-ADV-R",))
