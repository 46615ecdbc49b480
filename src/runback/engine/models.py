"""The engine's typed input: a runner's profile and event history, and the case around them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal

from runback.engine.settings import DEFAULT_SETTINGS, ClinicSettings


class Condition(StrEnum):
    UNKNOWN = "unknown"
    MUSCULAR = "muscular"
    PROGRESSION = "progression"
    DISC = "disc"
    OSTEOARTHRITIS = "osteoarthritis"
    SI_JOINT = "si_joint"
    FACET = "facet"
    HIP = "hip"


Locale = Literal["da", "en"]
Day = date  # for fields of classes that also have a field named `date`

# Elastic band resistances, lightest first (for exercises done with a band, e.g. Pallof press).
BANDS: tuple[str, ...] = ("light", "medium", "heavy", "extra_heavy")


@dataclass(frozen=True)
class Profile:
    """Intake answers. Missing answers take the cautious default (see io.py)."""

    start_date: date
    condition: Condition = Condition.UNKNOWN
    red_flags: tuple[str, ...] = ()
    comfortable_position: bool | None = None
    resting_pain: int | None = None
    settle_time_min: int | None = None
    walking_tolerated: bool | None = None
    cadence_spm: int | None = None
    radiating_leg_pain: bool | None = None
    sleep_or_daily_life_affected: bool | None = None
    strength_experience: bool | None = None
    unsure_what_is_allowed: bool | None = None
    wants_structured_plan: bool | None = None
    # v3 (RUN-GOAL): the usual running before the back pain, and the goal.
    usual_runs_per_week: int | None = None
    usual_weekly_min: int | None = None
    new_to_running: bool | None = None
    goal_runs_per_week: int | None = None
    goal_weekly_min: int | None = None
    # v3 (FUNC-1): up to three activities that are hard now, each rated 0-10.
    function: tuple[FunctionItem, ...] = ()


@dataclass(frozen=True)
class FunctionItem:
    """One activity of the Patient-Specific Functional Scale (FUNC-1) and its rating."""

    id: str
    activity: str
    score: int


@dataclass(frozen=True)
class Session:
    """A walk or a run, as it was actually done, with the pain ratings around it."""

    kind: Literal["walk", "run"]
    id: str
    date: date
    pain_during: int
    pain_after: int
    pain_before: int | None = None
    rose_during: bool = False
    stopped_early: bool = False
    run_min: float | None = None  # running minutes in total (absent: as prescribed)
    walk_min: float | None = None  # walking minutes in total (absent: as prescribed)
    distance_km: float | None = None
    cadence_spm: int | None = None  # a run's cadence measured by the runner's watch (FORM-CAD)
    break_reason: Literal["back", "other"] | None = None  # RUN-BREAK: why the break was
    leg_symptoms_spread: bool = False  # ZONE-LEG: leg symptoms spread further down the leg


@dataclass(frozen=True)
class Followup:
    """The next-morning (or 48 h) answer for one session."""

    session: str
    date: date
    pain: int
    stiffness_worse: bool = False


@dataclass(frozen=True)
class RedFlag:
    date: date
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Cleared:
    """A clinician, or the runner confirming a doctor's clearance, lifts open red flags:
    the ones named in `flags`, or every open flag when it names none."""

    date: date
    by: Literal["clinician", "runner", "doctor"]
    flags: tuple[str, ...] = ()
    # TRIAGE-CLEAR (v3): a runner's report says who examined them, when, and (for an
    # emergency flag) that the symptom has gone.
    examined_by: str | None = None
    examined_on: Day | None = None
    symptom_gone: bool | None = None


@dataclass(frozen=True)
class StrengthLog:
    id: str
    date: date
    exercise: str
    sets_planned: int
    sets_done: int
    load_kg: float | None = None
    technique_ok: bool = True
    band: str | None = None  # an elastic band's resistance instead of kilograms (BANDS)


@dataclass(frozen=True)
class Status:
    """A weekly self-rating; may also update intake answers that change over time."""

    date: date
    pain_week_avg: float | None = None
    comfortable_position: bool | None = None
    resting_pain: int | None = None
    settle_time_min: int | None = None
    radiating_leg_pain: bool | None = None
    sleep_or_daily_life_affected: bool | None = None
    unsure_what_is_allowed: bool | None = None
    wants_structured_plan: bool | None = None
    # LIFE-1 (v3): slept badly most nights, more stressed than usual, sat still most days.
    sleep_poor: bool | None = None
    stress_high: bool | None = None
    sat_most: bool | None = None


@dataclass(frozen=True)
class CrossTraining:
    """RUN-ALT (v3): a cycling or swimming session; it never moves the running plan."""

    id: str
    date: date
    sport: Literal["cycling", "swimming"]
    minutes: float
    pain_during: int
    pain_after: int


@dataclass(frozen=True)
class FunctionRating:
    """FUNC-2 (v3): new PSFS ratings; activities may be added or removed."""

    date: date
    scores: tuple[tuple[str, int], ...] = ()
    added: tuple[FunctionItem, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class SettingsChange:
    """A clinician changed clinic numbers for this runner from this date on."""

    date: date
    changes: tuple[tuple[str, float | int | str | tuple[tuple[str, str], ...]], ...]


Event = (
    Session
    | Followup
    | RedFlag
    | Cleared
    | StrengthLog
    | Status
    | SettingsChange
    | CrossTraining
    | FunctionRating
)


@dataclass(frozen=True)
class Case:
    as_of: date
    profile: Profile
    events: tuple[Event, ...] = ()
    locale: Locale = "da"
    settings: ClinicSettings = field(default=DEFAULT_SETTINGS)
