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


@dataclass(frozen=True)
class SettingsChange:
    """A clinician changed clinic numbers for this runner from this date on."""

    date: date
    changes: tuple[tuple[str, float | int | str | tuple[tuple[str, str], ...]], ...]


Event = Session | Followup | RedFlag | Cleared | StrengthLog | Status | SettingsChange


@dataclass(frozen=True)
class Case:
    as_of: date
    profile: Profile
    events: tuple[Event, ...] = ()
    locale: Locale = "da"
    settings: ClinicSettings = field(default=DEFAULT_SETTINGS)
