"""The strength programme (STR-*): which exercises, how much, and when to add load."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from runback.engine.settings import ClinicSettings

Category = Literal["relieving", "strengthening", "supplementary"]


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise at its full dose (the clinical model's table)."""

    id: str
    category: Category
    sets: int
    reps: str | None
    per_side: bool
    hold_s: int | None = None
    hold_s_max: int | None = None
    loaded: bool = False


EXERCISES: dict[str, ExerciseSpec] = {
    spec.id: spec
    for spec in (
        # STR-REL: relieving, for a high-irritability back and as a warm-up.
        ExerciseSpec("cat_cow", "relieving", 2, "10-15", per_side=False),
        ExerciseSpec("knee_to_chest", "relieving", 2, None, per_side=True, hold_s=20,
                     hold_s_max=30),
        ExerciseSpec("book_opener", "relieving", 2, "8-10", per_side=True),
        # STR-STR: strengthening, for a low-irritability back.
        ExerciseSpec("romanian_deadlift", "strengthening", 3, "10-12", per_side=False,
                     loaded=True),
        ExerciseSpec("split_squat", "strengthening", 3, "8-10", per_side=True, loaded=True),
        ExerciseSpec("back_extension", "strengthening", 3, "12-15", per_side=False,
                     loaded=True),
        ExerciseSpec("dead_bug", "strengthening", 3, "8-10", per_side=True, loaded=True),
        ExerciseSpec("pallof_press", "strengthening", 3, "10-12", per_side=True, loaded=True),
        # Also named as good choices (STR-ANY); offered as alternatives.
        ExerciseSpec("glute_bridge", "supplementary", 3, "10-15", per_side=False, loaded=True),
        ExerciseSpec("clamshell", "supplementary", 3, "12-15", per_side=True, loaded=True),
        ExerciseSpec("bird_dog", "supplementary", 3, "8-10", per_side=True),
    )
}
RELIEVING = tuple(e.id for e in EXERCISES.values() if e.category == "relieving")
STRENGTHENING = tuple(e.id for e in EXERCISES.values() if e.category == "strengthening")
SUPPLEMENTARY = tuple(e.id for e in EXERCISES.values() if e.category == "supplementary")
BEGINNER_SETS = 2  # STR-VOL: start at the low end of 2-4 sets
BEGINNER_WEEKS = 2  # STR-VOL [derived]: build up to the full dose after two weeks


@dataclass(frozen=True)
class LoadAdvice:
    load_kg: float | None
    progression: Literal["start", "increase", "keep", "keep_no_step", "bodyweight"]
    previous_kg: float | None = None


def next_load(
    *, load_kg: float | None, all_sets_done: bool, technique_ok: bool, settings: ClinicSettings
) -> LoadAdvice:
    """STR-PROG: +5-10 % when every set was done with good technique, else keep the load.

    The new load is the smallest multiple of the practical step inside the 5-10 % band;
    if no multiple fits (a light load), the load stays and the text says why.
    """
    if load_kg is None:
        return LoadAdvice(None, "start")
    if load_kg == 0:
        return LoadAdvice(0.0, "bodyweight", 0.0)
    if not (all_sets_done and technique_ok):
        return LoadAdvice(load_kg, "keep", load_kg)
    step = settings.load_step_kg
    low = load_kg * (1 + settings.load_increase_min_pct / 100)
    high = load_kg * (1 + settings.load_increase_max_pct / 100)
    candidate = math.ceil(low / step - 1e-9) * step
    if candidate > high + 1e-9:
        return LoadAdvice(load_kg, "keep_no_step", load_kg)
    return LoadAdvice(round(candidate, 3), "increase", load_kg)


def prescribed_sets(
    spec: ExerciseSpec, *, experienced: bool, first_logged: date | None, as_of: date
) -> int:
    """STR-VOL: beginners start with 2 sets and build to the full dose after two weeks."""
    if spec.category == "relieving" or experienced:
        return spec.sets
    if first_logged is not None and (as_of - first_logged).days >= 7 * BEGINNER_WEEKS:
        return spec.sets
    return min(BEGINNER_SETS, spec.sets)
