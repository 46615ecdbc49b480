"""The exercises (STR-REL, STR-STR and the good choices STR-ANY names): their full doses,
the programmes, and which may take another's place (a clinician's swaps)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from runback.engine.errors import SettingsError

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
    band: bool = False  # usually done with an elastic band: resistance, not kilograms


EXERCISES: dict[str, ExerciseSpec] = {
    spec.id: spec
    for spec in (
        # STR-REL: relieving, for a high-irritability back and as a warm-up.
        ExerciseSpec("cat_cow", "relieving", 2, "10-15", per_side=False),
        ExerciseSpec(
            "knee_to_chest", "relieving", 2, None, per_side=True, hold_s=20, hold_s_max=30
        ),
        ExerciseSpec("book_opener", "relieving", 2, "8-10", per_side=True),
        # STR-STR: strengthening, for a low-irritability back.
        ExerciseSpec("romanian_deadlift", "strengthening", 3, "10-12", per_side=False, loaded=True),
        ExerciseSpec("split_squat", "strengthening", 3, "8-10", per_side=True, loaded=True),
        ExerciseSpec("back_extension", "strengthening", 3, "12-15", per_side=False, loaded=True),
        ExerciseSpec("dead_bug", "strengthening", 3, "8-10", per_side=True, loaded=True),
        ExerciseSpec(
            "pallof_press", "strengthening", 3, "10-12", per_side=True, loaded=True, band=True
        ),
        # Also named as good choices (STR-ANY); offered as alternatives.
        ExerciseSpec("glute_bridge", "supplementary", 3, "10-15", per_side=False, loaded=True),
        # Made harder with a band around the thighs above the knees (its instructions).
        ExerciseSpec(
            "clamshell", "supplementary", 3, "12-15", per_side=True, loaded=True, band=True
        ),
        ExerciseSpec("bird_dog", "supplementary", 3, "8-10", per_side=True),
    )
}


RELIEVING = tuple(e.id for e in EXERCISES.values() if e.category == "relieving")


STRENGTHENING = tuple(e.id for e in EXERCISES.values() if e.category == "strengthening")


SUPPLEMENTARY = tuple(e.id for e in EXERCISES.values() if e.category == "supplementary")


# Done with an elastic band: a log gives the band's resistance, not kilograms.
BAND_EXERCISES = frozenset(e.id for e in EXERCISES.values() if e.band)


# STR-ANY: the exercises that may take each other's place in the programme (a clinician's
# swap, `ClinicSettings.exercise_swaps`). The relieving ones (STR-REL) among themselves;
# the strengthening ones (STR-STR) with the ones the model also names as good choices
# (glute bridge, clamshell, bird dog), since no exercise type is proven better. Never
# across the two: a back that needs relieving exercises gets no loaded ones, and back.
SWAP_GROUPS: dict[str, tuple[str, ...]] = {
    "relieving": RELIEVING,
    "strengthening": STRENGTHENING + SUPPLEMENTARY,
}


PROGRAMMES: dict[str, tuple[str, ...]] = {"relieving": RELIEVING, "strengthening": STRENGTHENING}


def swap_group(exercise_id: str) -> str:
    return "relieving" if EXERCISES[exercise_id].category == "relieving" else "strengthening"


def swaps_checked(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """A clinician's swaps, as sorted pairs (replaced, replacement), from an object of
    ids (or a list of pairs). Each replaced exercise is one of the programme's; its
    replacement is a known exercise of the same group, not already in the programme and
    not chosen twice. SettingsError names the exercise at fault."""
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, list | tuple) and all(
        isinstance(p, list | tuple) and len(p) == 2 for p in value
    ):
        pairs = [(p[0], p[1]) for p in value]
    else:
        raise SettingsError(where, "must be an object of exercise ids: replaced -> replacement")
    out: dict[str, str] = {}
    for old, new in pairs:
        at = f"{where}.{old}"
        if not isinstance(old, str) or not isinstance(new, str):
            raise SettingsError(where, "must name exercises by their ids")
        if old in out:
            raise SettingsError(at, "is swapped twice")
        if old not in EXERCISES:
            raise SettingsError(at, f"is not a known exercise id (got {old!r})")
        group = swap_group(old)
        if old not in PROGRAMMES[group]:
            raise SettingsError(at, "is not an exercise of the programme")
        if new not in EXERCISES:
            raise SettingsError(at, f"is not a known exercise id (got {new!r})")
        if new not in SWAP_GROUPS[group]:
            raise SettingsError(at, f"must be swapped for one of {', '.join(SWAP_GROUPS[group])}")
        if new in PROGRAMMES[group] or new in out.values():
            raise SettingsError(at, f"{new} is already in the programme")
        out[str(old)] = str(new)
    return tuple(sorted(out.items()))


def programme(category: str, swaps: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The programme's exercises (STR-REL or STR-STR) with the clinician's swaps in the
    places of the exercises they replace."""
    replaced = dict(swaps)
    return tuple(replaced.get(i, i) for i in PROGRAMMES[category])
