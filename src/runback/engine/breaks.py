"""RUN-BREAK (v3): a step back after a break from running and walking.

[derived: fitness and load tolerance fall within 2-4 weeks without training;
return-to-running practice steps back after a break.] The gap is the number of days
from the latest run or walk to the day of the next session, paused days included. The
step back is counted from the step that was due:

- under 10 days: nothing;
- 10-20 days: phases 1-2 one step back; phase 3 the highest level with at most 80 % of
  the weekly volume (interval week 5 below the first level);
- 21-41 days: phases 1-2 two steps back; phase 3 its first level;
- 42 days or more: the test again (walking first if the last session was a walk).

Walking has nothing below it. A break because of the back (`break_reason: "back"`)
steps back one step more. The result is never harder than the step that was due, and
easier wherever an easier step exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from runback.engine.running import (
    LAST_INTERVAL_WEEK,
    PlanState,
    Step,
    first_continuous,
    steps_below,
)
from runback.engine.settings import ClinicSettings

BREAK_MIN_DAYS = 10
BREAK_LONG_DAYS = 21
BREAK_RESTART_DAYS = 42
BREAK_LEVEL_SHARE = 0.8  # phase 3, 10-20 days: a level with at most 80 % of the volume


@dataclass(frozen=True)
class BreakStep:
    """The step after a break, and the numbers the explanation names."""

    step: Step
    due: Step
    gap: int
    back: bool


def _volume(step: Step, settings: ClinicSettings) -> float:
    return step.run_minutes(settings) * step.quota(settings)


def one_down(step: Step, below: list[Step], settings: ClinicSettings) -> Step:
    """The step just under `step`: the ladder in phases 1-2; in phase 3 the highest level
    passed below it, or the last interval week."""
    if step.kind == "walk":
        return step
    if step.kind != "continuous":
        return steps_below(step)[-1]
    lower = [b for b in below if b.kind == "continuous" and b.rank() < step.rank()]
    if lower:
        return max(lower, key=Step.rank)
    return Step("intervals", week=LAST_INTERVAL_WEEK)


def break_step(
    plan: PlanState, *, gap: int, last_kind: str, back: bool, settings: ClinicSettings
) -> BreakStep | None:
    """RUN-BREAK: the step after a gap of `gap` days, or None under 10 days."""
    if gap < BREAK_MIN_DAYS or plan.stalled:
        return None
    due = plan.step
    if gap >= BREAK_RESTART_DAYS:
        step = Step("walk") if last_kind == "walk" or due.kind == "walk" else Step("test")
    elif due.kind == "continuous":
        if gap >= BREAK_LONG_DAYS:
            step = first_continuous(settings)
        else:
            limit = _volume(due, settings) * BREAK_LEVEL_SHARE + 1e-9
            fits = [
                b for b in plan.below if b.kind == "continuous" and _volume(b, settings) <= limit
            ]
            step = max(fits, key=Step.rank) if fits else Step("intervals", week=LAST_INTERVAL_WEEK)
    else:
        step = due
        for _ in range(1 if gap < BREAK_LONG_DAYS else 2):
            step = one_down(step, plan.below, settings)
    if step.rank() >= due.rank():  # never harder, and easier where an easier step exists
        step = one_down(due, plan.below, settings)
    if back:
        step = one_down(step, plan.below, settings)
    return BreakStep(step=step, due=due, gap=gap, back=back)


def apply_break(plan: PlanState, found: BreakStep) -> None:
    """Move the plan to the step after the break; it counts from there."""
    step = found.step
    if step.kind == "continuous":
        plan.below = [b for b in plan.below if b.rank() < step.rank()]
    else:
        plan.below = steps_below(step)
    plan.step = step
    plan.tolerated_at_step = 0
    plan.week_of_count = None
