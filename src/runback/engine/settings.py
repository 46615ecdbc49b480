"""Clinic settings: every number the clinical model marks as a default, with safe bounds.

A clinician may change a value within its bounds (tighter or looser); a runner may not.
Values outside the bounds are rejected with a message naming the field.

Two settings are words, not numbers (both chosen per runner by a clinician):

- `start_step` (RUN-P1, RUN-P2): where the runner's running starts. Empty: the intake
  decides (walking first, or the test when walking is already comfortable). Otherwise
  one of START_STEPS: walking, the test, or interval week 1 to the last interval week.
  Never continuous running: phase 3 is entered only by tolerating the last interval
  week (RUN-P3), and from the start on no step is skipped (RUN-CAP). Red flags, RUN-IRR,
  a red session's step back and RUN-STALL work from the start as from any step.
- `exercise_swaps` (STR-ANY): exercises of the programme replaced by another of the same
  group, as pairs (replaced, replacement); checked in `strength.swaps_checked`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from runback.engine.errors import SettingsError as SettingsError  # re-exported
from runback.engine.exercises import swaps_checked

# name -> (default, lowest allowed, highest allowed, rule ID)
BOUNDS: dict[str, tuple[float, float, float, str]] = {
    # ZONE: pain thresholds on the 0-10 scale
    "green_max_pain": (2, 0, 3, "ZONE-3"),
    "followup_window_days": (3, 2, 7, "ZONE-LATE"),
    "next_morning_worse_points": (2, 1, 2, "ZONE-NEXT"),
    "yellow_max_pain": (5, 2, 5, "ZONE-3"),
    # RUN: the return-to-run plan
    "walk_session_min": (20, 10, 45, "RUN-P1"),
    "test_warmup_walk_min": (5, 3, 10, "RUN-P1"),
    "test_rounds": (3, 2, 3, "RUN-P1"),
    "test_run_min": (1, 1, 2, "RUN-P1"),
    "test_walk_min": (3, 3, 4, "RUN-P1"),
    "sessions_per_step": (3, 2, 5, "RUN-ADV-G"),
    "runs_per_week": (3, 2, 3, "RUN-P2"),
    "rest_days_between_runs": (1, 1, 2, "RUN-P2"),
    "phase3_start_min": (15, 15, 20, "RUN-P3"),
    "phase3_max_runs_per_week": (4, 3, 5, "RUN-ORDER"),
    "weekly_increase_pct": (10, 0, 10, "RUN-CAP"),
    "done_as_prescribed_pct": (90, 75, 100, "RUN-ADV-G"),
    "stall_window_days": (7, 3, 14, "RUN-STALL"),
    "stall_rest_days": (7, 3, 21, "RUN-STALL"),
    # STR: strength programme
    "high_irritability_resting_pain": (7, 5, 9, "STR-IRR"),
    "high_irritability_settle_min": (60, 30, 120, "STR-IRR"),
    "strength_rest_days": (2, 2, 3, "STR-FREQ"),
    "load_increase_min_pct": (5, 2.5, 5, "STR-PROG"),
    "load_increase_max_pct": (10, 5, 10, "STR-PROG"),
    "load_step_kg": (0.5, 0.25, 2.5, "STR-PROG"),
    "load_increase_interval_days": (7, 7, 14, "STR-PROG"),
    "beginner_sets": (2, 2, 3, "STR-VOL"),
    "beginner_build_weeks": (2, 1, 4, "STR-VOL"),
    # FORM
    "cadence_increase_min_pct": (5, 3, 5, "FORM-CAD"),
    "cadence_increase_max_pct": (10, 5, 10, "FORM-CAD"),
    # ESC
    "esc1_weeks": (6, 4, 6, "ESC-1"),
    "esc1_min_drop_points": (2, 1, 3, "ESC-1"),
    "esc1_min_drop_pct": (30, 15, 50, "ESC-1"),
}


# RUN-P1/RUN-P2: the steps a clinician may start a runner's running at ("" = by the intake).
# Interval weeks 1-5 (the last interval week); never continuous running.
START_STEPS: tuple[str, ...] = ("walk", "test", *(f"intervals_{week}" for week in range(1, 6)))


@dataclass(frozen=True)
class ClinicSettings:
    """The clinic's numbers. Defaults are the clinical model's defaults."""

    green_max_pain: int = 2
    followup_window_days: int = 3  # ZONE-LATE: a next-morning answer counts this long after
    next_morning_worse_points: int = 2  # ZONE-NEXT: next morning "worse" is this much higher
    yellow_max_pain: int = 5
    walk_session_min: int = 20
    test_warmup_walk_min: int = 5
    test_rounds: int = 3
    test_run_min: int = 1
    test_walk_min: int = 3
    sessions_per_step: int = 3
    runs_per_week: int = 3
    rest_days_between_runs: int = 1
    phase3_start_min: int = 15
    phase3_max_runs_per_week: int = 4
    weekly_increase_pct: float = 10
    done_as_prescribed_pct: float = 90
    stall_window_days: int = 7
    stall_rest_days: int = 7
    high_irritability_resting_pain: int = 7
    high_irritability_settle_min: int = 60
    strength_rest_days: int = 2
    load_increase_min_pct: float = 5
    load_increase_max_pct: float = 10
    load_step_kg: float = 0.5
    load_increase_interval_days: int = 7  # at most one load increase per exercise in this time
    beginner_sets: int = 2  # STR-VOL: a beginner starts at the low end of 2-4 sets...
    beginner_build_weeks: int = 2  # ...and gets the full dose after this many weeks
    cadence_increase_min_pct: float = 5
    cadence_increase_max_pct: float = 10
    esc1_weeks: int = 6
    esc1_min_drop_points: float = 2
    esc1_min_drop_pct: float = 30
    # Words, not numbers: who to call (clinical model, section 1). The web app passes the
    # runner's region's medical helpline; empty means the region is not known, and the
    # texts then name "the medical helpline of your region" without a number.
    emergency_number: str = "112"
    medical_helpline: str = ""
    # A clinician's choices for one runner (see the module's docstring).
    start_step: str = ""
    exercise_swaps: tuple[tuple[str, str], ...] = ()
    # RUN-GOAL (v3): the runner's goal volume, from the profile (not a clinic number, and
    # not changed by a `settings` event): weekly minutes and runs a week; 0 = no goal.
    goal_weekly_min: int = 0
    goal_runs_per_week: int = 0

    def with_changes(self, changes: dict[str, Any], *, prefix: str = "settings") -> ClinicSettings:
        """Return new settings with `changes` applied, after checking every value."""
        known = {f.name for f in fields(self)}
        clean: dict[str, Any] = {}
        for name, value in changes.items():
            where = f"{prefix}.{name}"
            if name not in known or name in PROFILE_FIELDS:
                raise SettingsError(where, "unknown setting")
            if name in WORD_FIELDS:
                clean[name] = _word_setting(name, value, where)
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SettingsError(where, "must be a number")
            if name in INTEGER_FIELDS and value != int(value):
                raise SettingsError(where, "must be a whole number")
            _default, low, high, _rule = BOUNDS[name]
            if not low <= value <= high:
                raise SettingsError(where, f"must be between {low:g} and {high:g}")
            clean[name] = int(value) if name in INTEGER_FIELDS else float(value)
        result = replace(self, **clean)
        if result.yellow_max_pain < result.green_max_pain:
            raise SettingsError(f"{prefix}.yellow_max_pain", "must not be below green_max_pain")
        if result.load_increase_max_pct < result.load_increase_min_pct:
            raise SettingsError(
                f"{prefix}.load_increase_max_pct", "must not be below load_increase_min_pct"
            )
        if result.cadence_increase_max_pct < result.cadence_increase_min_pct:
            raise SettingsError(
                f"{prefix}.cadence_increase_max_pct", "must not be below cadence_increase_min_pct"
            )
        return result


# Set from the runner's profile (RUN-GOAL), never by a clinic's settings.
PROFILE_FIELDS = frozenset({"goal_weekly_min", "goal_runs_per_week"})
WORD_FIELDS = frozenset({"emergency_number", "medical_helpline", "start_step", "exercise_swaps"})


def _word_setting(name: str, value: Any, where: str) -> Any:
    """A setting that is not a number, checked (and cleaned) by its own rule."""
    if name == "start_step":
        if value != "" and value not in START_STEPS:
            raise SettingsError(where, f"must be one of {', '.join(START_STEPS)} or empty")
        return value
    if name == "exercise_swaps":
        return swaps_checked(value, where)
    if not isinstance(value, str) or len(value) > 40:
        raise SettingsError(where, "must be a short text")
    if name == "emergency_number" and not value.strip():
        raise SettingsError(where, "must not be empty")
    return value.strip()


# Settings that are counts, days or whole pain ratings; the rest may be fractional.
INTEGER_FIELDS = frozenset(
    f.name
    for f in fields(ClinicSettings)
    if f.type in ("int", int) and f.name not in PROFILE_FIELDS
)
DEFAULT_SETTINGS = ClinicSettings()
