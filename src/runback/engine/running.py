"""The return-to-run plan (RUN-*): steps, progression, going back, stalls, the weekly cap."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
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


def earliest_run_date(
    *,
    state: PlanState,
    step: Step,
    as_of: date,
    last_session: date | None,
    runs_this_week: int,
    settings: ClinicSettings,
    not_before: date | None,
) -> date:
    """Runs on non-consecutive days, at most the step's quota in a calendar week."""
    day = as_of
    if last_session is not None:
        day = max(day, last_session + timedelta(days=1 + settings.rest_days_between_runs))
    for limit in (state.not_before, not_before):
        if limit is not None:
            day = max(day, limit)
    if monday(day) == monday(as_of) and runs_this_week >= step.quota(settings):
        day = monday(as_of) + timedelta(days=7)
    return day


@dataclass(frozen=True)
class WeekPlan:
    week_start: date
    run_minutes: float
    sessions: int


@dataclass(frozen=True)
class PlannedSession:
    """One session the projection places: its day and its step."""

    day: date
    step: Step


@dataclass(frozen=True)
class Projection:
    """The coming weeks' totals and the sessions placed from the earliest day through
    the end of the week after it, both from one simulation."""

    weeks: list[WeekPlan]
    sessions: list[PlannedSession]


def _spread(start: date, week_end: date, count: int, gap: timedelta) -> list[date]:
    """Days for `count` runs from `start` to the end of its week: the rest-day gap when
    they fit, else as evenly as the days allow (phase 3 runs a whole weekly quota)."""
    if count <= 0:
        return []
    if start + gap * (count - 1) < week_end:
        return [start + gap * i for i in range(count)]
    days = (week_end - start).days
    return [start + timedelta(days=i * days // count) for i in range(count)]


def _simulate(
    *,
    state: PlanState,
    step: Step,
    first_day: date,
    as_of: date,
    runs_this_week: int,
    settings: ClinicSettings,
    end: date,
) -> Iterator[PlannedSession]:
    """The sessions placed before `end`, assuming every session is tolerated. Phases 1-2
    go session by session on non-consecutive days; continuous running goes a week at a
    time (so the weekly cap is exact)."""
    sim = state.copy()
    sim.step = step
    gap = timedelta(days=1 + settings.rest_days_between_runs)
    day = first_day
    in_week = runs_this_week if monday(day) == monday(as_of) else 0
    if sim.stalled:
        # RUN-STALL: walking and other training until the rest is over, then the test.
        assert sim.stalled_since is not None
        day = max(day, sim.stalled_since + timedelta(days=settings.stall_rest_days))
        sim.stalled, sim.step, sim.tolerated_at_step = False, Step("test"), 0
        day += gap  # the tolerated walk comes first
        in_week = 0
    while day < end and sim.step.kind != "continuous":
        week = monday(day)
        if in_week >= sim.step.quota(settings):
            day, in_week = week + timedelta(days=7), 0
            continue
        yield PlannedSession(day, sim.step)
        in_week += 1
        apply_tolerated(
            sim,
            kind="walk" if sim.step.kind == "walk" else "run",
            run_min=None,
            day=day,
            step_then=sim.step,
            settings=settings,
            paused=False,
        )
        nxt = day + gap
        if monday(nxt) != week:
            in_week = 0
        day = nxt
    if sim.step.kind == "continuous" and day < end:
        yield from _simulate_continuous(
            sim.step, day=day, in_week=in_week, as_of=as_of, settings=settings, end=end
        )


def _simulate_continuous(
    step: Step, *, day: date, in_week: int, as_of: date, settings: ClinicSettings, end: date
) -> Iterator[PlannedSession]:
    """Phase 3 a calendar week at a time: the week under way gets the runs that still fit
    (the next level if they reach its quota); later weeks the whole quota."""
    gap = timedelta(days=1 + settings.rest_days_between_runs)
    week = monday(day)
    last = day - gap
    quota = step.quota(settings)
    days_left = (week + timedelta(days=7) - day).days
    # The week under way, or a first week with fewer days left than runs (a later start):
    # only the runs that fit.
    if week <= monday(as_of) or in_week > 0 or days_left < quota:
        fit = len(range(0, days_left, gap.days))
        left = max(0, min(quota - in_week, fit))
        for run_day in _spread(day, week + timedelta(days=7), left, gap):
            yield PlannedSession(run_day, step)
            last = run_day
        if in_week + left >= quota:
            step = next_continuous(step, settings)
        week += timedelta(days=7)
    while week < end:
        start = max(week, last + gap)
        for run_day in _spread(start, week + timedelta(days=7), step.quota(settings), gap):
            yield PlannedSession(run_day, step)
            last = run_day
        step = next_continuous(step, settings)
        week += timedelta(days=7)


def project(
    *,
    state: PlanState,
    step: Step,
    first_day: date,
    as_of: date,
    runs_this_week: int,
    settings: ClinicSettings,
    weeks: int = 4,
    walk_only: bool = False,
) -> Projection:
    """Plan the calendar weeks after the one holding `as_of`, and the sessions from
    `first_day` through the end of the week after it, assuming every session is
    tolerated (one simulation for both, so they always agree).

    While the back is irritable (RUN-IRR) the plan is walking only: no running is
    projected and no session is placed. During a stall (RUN-STALL) the simulation
    assumes walking and other training until the rest is over and places no session
    on the next run's day, so no session is listed either (the weeks still show the
    running that follows the test)."""
    horizon_start = monday(as_of) + timedelta(days=7)
    horizon_end = horizon_start + timedelta(days=7 * weeks)
    sessions_end = monday(first_day) + timedelta(days=14)
    minutes: dict[date, float] = {}
    counts: dict[date, int] = {}
    placed: list[PlannedSession] = []
    if not walk_only:
        for session in _simulate(
            state=state,
            step=step,
            first_day=first_day,
            as_of=as_of,
            runs_this_week=runs_this_week,
            settings=settings,
            end=max(horizon_end, sessions_end),
        ):
            week = monday(session.day)
            minutes[week] = minutes.get(week, 0.0) + session.step.run_minutes(settings)
            counts[week] = counts.get(week, 0) + 1
            if session.day < sessions_end and not state.stalled:
                placed.append(session)
    starts = [horizon_start + timedelta(days=7 * i) for i in range(weeks)]
    return Projection(
        weeks=[
            WeekPlan(week_start=w, run_minutes=minutes.get(w, 0.0), sessions=counts.get(w, 0))
            for w in starts
        ],
        sessions=placed,
    )
