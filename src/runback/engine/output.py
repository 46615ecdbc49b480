"""The engine's output, typed: what `advise`, `evaluate` and `simulate` return.

Plain JSON-ready data (the contract's shape, `shared/spec/engine-contract.md`, plus the
fields the product reads). A key marked `NotRequired` is emitted only in the case its
comment names; every other key is always there. `tests/engine/test_output_types.py`
checks emitted outputs against these types, key by key.

No `from __future__ import annotations` here: `NotRequired` must be seen when the
classes are made, so that `__required_keys__` is right for a checker at runtime.
"""

from typing import Literal, NotRequired, TypedDict

Level = Literal["none", "advise", "prompt", "emergency"]
FlagLevel = Literal["emergency", "prompt", "advise"]
ZoneName = Literal["green", "yellow", "red", "provisional", "unanswered"]
SessionType = Literal["walk", "run"]
StepKind = Literal["walk", "test", "intervals", "continuous"]
Phase = Literal["walk", "test", "intervals", "continuous", "alternative", "paused"]
SegmentKind = Literal["warmup", "run", "walk"]


class Words(TypedDict):
    """One text in both languages."""

    da: str
    en: str


class FlagReport(TypedDict):
    date: str
    flags: list[str]


class Clearance(TypedDict):
    date: str
    by: str
    flags: list[str]
    examined_by: str | None  # TRIAGE-CLEAR (v3): who examined the runner
    examined_on: str | None
    symptom_gone: bool | None
    to_review: bool  # a runner's own report, for a clinician to look at


class LastCleared(TypedDict):
    date: str
    by: str
    examined_by: str | None
    examined_on: str | None


class OpenFlag(TypedDict):
    """An open red flag with its level (section 1) and the latest day it was reported."""

    id: str
    level: FlagLevel
    reported_on: str


class Triage(TypedDict):
    level: Level
    open_flags: list[str]  # emergency and prompt flags: these pause the plan
    advise_flags: list[str]  # TRIAGE-14, 15: see a doctor within weeks, the plan goes on
    flags: list[OpenFlag]  # every open flag, those that pause first
    history: list[FlagReport]
    clearances: list[Clearance]
    to_review: list[Clearance]  # the runners' own reports a clinician has not reviewed
    emergency_number: str
    medical_helpline: str
    guidance: NotRequired[Words]  # while an emergency or prompt flag is open
    cleared: NotRequired[LastCleared]  # once a clearance lifted a pausing flag
    advice: NotRequired[Words]  # while an advise flag is open
    asked_again: NotRequired[list[str]]  # TRIAGE-CLEAR (v3): a report did not lift these


class Session(TypedDict):
    id: str
    date: str
    type: SessionType
    zone: ZoneName
    rules: list[str]
    reasons: list[str]
    counted: bool
    step: StepKind
    step_week: int | None
    step_minutes: int | None
    over: Literal["longer", "no_walks", "second_today", "day_after", "extra_run"] | None
    trend: bool  # ZONE-TREND (v3): held by the weekly pain trend


class FollowupWindow(TypedDict):
    """A session whose next-morning answer still counts on some day from `as_of` on
    (ZONE-2, the clinic's `followup_window_days`)."""

    session: str
    date: str  # the session's
    type: SessionType
    zone: ZoneName
    answerable_from: str  # the day after the session
    answerable_until: str  # the session's day + followup_window_days
    waiting: bool  # provisional, and an answer dated `as_of` would settle it


class Segment(TypedDict):
    """One timed part of a session, in order: the warm-up walk, then each round's run
    and walk; a walking session or a continuous run is one segment."""

    kind: SegmentKind
    seconds: int
    round: int  # 1..rounds; 0 for the warm-up walk and a session of one segment


class StepShape(TypedDict):
    phase: StepKind
    week: int | None
    rounds: int | None
    run_min: int | None
    walk_min: int | None
    continuous_min: int | None
    warmup_walk_min: int | None
    sessions_per_week: int
    total_run_min: float
    segments: list[Segment]
    description: Words


class NextRun(StepShape):
    earliest_date: str
    rules: list[str]
    break_question: bool  # RUN-BREAK (v3): a gap long enough to ask why
    alternative_training: NotRequired[list[str]]  # RUN-ALT: stalled, or after a red walk
    alternative_min: NotRequired[int]  # RUN-ALT: the alternative training's minutes


class PlannedSession(StepShape):
    date: str


class WeekPlan(TypedDict):
    week_start: str
    run_minutes: float
    sessions: int


class WeekDone(TypedDict):
    week_start: str
    run_minutes: float
    planned_minutes: float | None
    sessions: int


class Exercise(TypedDict):
    id: str
    sets: int
    reps: str | None
    per_side: bool
    hold_s: int | None
    hold_s_max: int | None
    load_kg: float | None
    progression: str
    category: str
    uses_band: bool  # done with an elastic band: resistance, not kilograms
    band: NotRequired[str | None]  # band exercises, and any logged with a band
    previous_band: NotRequired[str]  # logged with a band before
    previous_load_kg: NotRequired[float | None]  # logged with kilograms before
    next_increase_date: NotRequired[str]  # a raise is due again from this day
    held: NotRequired[bool]  # STR-HOLD (v3): the load kept where it was


class Strength(TypedDict):
    category: Literal["relieving", "strengthening", "none"]
    exercises: list[Exercise]
    warm_up: list[str]
    alternatives: list[str]
    earliest_date: str | None
    rules: list[str]
    sessions_per_week: NotRequired[str]  # unless paused


class WeeklyStatus(TypedDict):
    due: bool
    due_from: str
    last: str | None


class Answers(TypedDict):
    comfortable_position: bool | None
    resting_pain: int | None
    settle_time_min: int | None
    radiating_leg_pain: bool | None
    sleep_or_daily_life_affected: bool | None
    unsure_what_is_allowed: bool | None
    wants_structured_plan: bool | None


class Plan(TypedDict):
    step: StepKind
    week: int | None
    tolerated_at_step: int
    needed_at_step: int
    stalled_since: str | None


class Explanation(TypedDict):
    rule: str
    text: str  # in the case's locale
    text_da: str
    text_en: str


class Goal(TypedDict):
    """RUN-GOAL (v3)."""

    weekly_min: int
    runs_per_week: int
    reached: bool
    planned_weekly_min: float
    rules: list[str]


class FunctionActivity(TypedDict):
    id: str
    activity: str
    first: int
    latest: int


class Function(TypedDict):
    """FUNC-1..3 (v3): the PSFS activities' ratings."""

    first_mean: float
    latest_mean: float
    improved: bool
    improved_activities: list[str]
    activities: list[FunctionActivity]
    rules: list[str]


class Life(TypedDict, total=False):
    """LIFE-1 (v3): the latest weekly status's answers about daily life."""

    date: str
    sleep_poor: bool
    stress_high: bool
    sat_most: bool


class CrossSession(TypedDict):
    """RUN-ALT (v3): a cycling or swimming session with its zone."""

    id: str
    date: str
    sport: Literal["cycling", "swimming"]
    minutes: float
    pain_during: int
    pain_after: int
    zone: Literal["green", "yellow", "red"]


class Output(TypedDict):
    as_of: str
    locale: Literal["da", "en"]
    triage: Triage
    paused: bool  # an emergency or prompt flag is open: the one answer to "is it paused?"
    phase: Phase
    irritability: Literal["high", "low"]
    sessions: list[Session]
    followups: list[FollowupWindow]
    next_run: NextRun | None
    upcoming_weeks: list[WeekPlan]
    upcoming_sessions: list[PlannedSession]
    weeks_done: list[WeekDone]
    strength: Strength
    cadence_target_spm: list[int] | None
    cadence_measured_spm: int | None
    escalations: list[str]
    goal: Goal | None  # null before the runner has a goal, and while paused
    function: Function | None  # null without ratings, and while paused
    life: Life | None  # null without answers, and while paused
    cross: list[CrossSession]
    weekly_status: WeeklyStatus
    answers: Answers
    condition: str
    plan: Plan
    explanation: list[Explanation]
    rules: list[str]
    disclaimer: Words
