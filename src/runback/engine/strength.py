"""The strength programme (STR-*): which exercises, how much, and when to add load."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from runback.engine.exercises import (
    BAND_EXERCISES,
    EXERCISES,
    PROGRAMMES,
    RELIEVING,
    STRENGTHENING,
    SUPPLEMENTARY,
    SWAP_GROUPS,
    Category,
    ExerciseSpec,
    programme,
    swap_group,
    swaps_checked,
)
from runback.engine.models import BANDS
from runback.engine.settings import ClinicSettings

Progression = Literal[
    "start", "increase", "keep", "keep_no_step", "keep_recent", "bodyweight", "keep_top"
]


@dataclass(frozen=True)
class LoadAdvice:
    load_kg: float | None
    progression: Progression
    previous_kg: float | None = None
    next_increase: date | None = None  # keep_recent: the first day a raise is due again


def _raise_due(last_raise: date | None, as_of: date, settings: ClinicSettings) -> date | None:
    """STR-PROG: at most one increase per exercise in any 7 days (a clinic setting).
    None when a raise is allowed today, else the first day it is."""
    if last_raise is None:
        return None
    due = last_raise + timedelta(days=settings.load_increase_interval_days)
    return due if due > as_of else None


def next_load(
    *,
    load_kg: float | None,
    all_sets_done: bool,
    technique_ok: bool,
    settings: ClinicSettings,
    last_raise: date | None = None,
    as_of: date | None = None,
) -> LoadAdvice:
    """STR-PROG: +5-10 % when every set was done with good technique, else keep the load.

    The new load is the smallest multiple of the practical step inside the 5-10 % band;
    if no multiple fits (a light load), the load stays and the text says why. No raise
    within 7 days of the last one.
    """
    if load_kg is None:
        return LoadAdvice(None, "start")
    if load_kg == 0:
        return LoadAdvice(0.0, "bodyweight", 0.0)
    if not (all_sets_done and technique_ok):
        return LoadAdvice(load_kg, "keep", load_kg)
    due = _raise_due(last_raise, as_of, settings) if as_of is not None else None
    if due is not None:
        return LoadAdvice(load_kg, "keep_recent", load_kg, next_increase=due)
    step = settings.load_step_kg
    low = load_kg * (1 + settings.load_increase_min_pct / 100)
    high = load_kg * (1 + settings.load_increase_max_pct / 100)
    candidate = math.ceil(low / step - 1e-9) * step
    if candidate > high + 1e-9:
        return LoadAdvice(load_kg, "keep_no_step", load_kg)
    return LoadAdvice(round(candidate, 3), "increase", load_kg)


@dataclass(frozen=True)
class BandAdvice:
    band: str
    progression: Progression
    previous: str
    next_increase: date | None = None


def next_band(
    *,
    band: str,
    all_sets_done: bool,
    technique_ok: bool,
    settings: ClinicSettings,
    last_raise: date | None,
    as_of: date,
) -> BandAdvice:
    """STR-PROG for an exercise done with an elastic band: the next band up when every
    set was done with good technique; at the strongest band, a narrower stance instead."""
    if not (all_sets_done and technique_ok):
        return BandAdvice(band, "keep", band)
    due = _raise_due(last_raise, as_of, settings)
    if due is not None:
        return BandAdvice(band, "keep_recent", band, next_increase=due)
    index = BANDS.index(band)
    if index + 1 >= len(BANDS):
        return BandAdvice(band, "keep_top", band)
    return BandAdvice(BANDS[index + 1], "increase", band)


def prescribed_sets(
    spec: ExerciseSpec,
    *,
    experienced: bool,
    first_logged: date | None,
    as_of: date,
    settings: ClinicSettings,
) -> int:
    """STR-VOL: beginners start at the low end (2 sets) and get the full dose after two
    weeks (both clinic settings)."""
    if spec.category == "relieving" or experienced:
        return spec.sets
    weeks = settings.beginner_build_weeks
    if first_logged is not None and (as_of - first_logged).days >= 7 * weeks:
        return spec.sets
    return min(settings.beginner_sets, spec.sets)


__all__ = [
    "BAND_EXERCISES",
    "EXERCISES",
    "PROGRAMMES",
    "RELIEVING",
    "STRENGTHENING",
    "SUPPLEMENTARY",
    "SWAP_GROUPS",
    "BandAdvice",
    "Category",
    "ExerciseSpec",
    "LoadAdvice",
    "next_band",
    "next_load",
    "prescribed_sets",
    "programme",
    "swap_group",
    "swaps_checked",
]
