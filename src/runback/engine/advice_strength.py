"""Today's strength advice (STR-*): relieving or strengthening exercises with their sets,
reps, holds and loads or bands, and v3's STR-HOLD."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from runback.engine import strength
from runback.engine.explain import Explainer, join_words
from runback.engine.settings import ClinicSettings
from runback.engine.state import StrengthSummary
from runback.engine.texts import (
    BAND_NAMES,
    EXERCISE_NAMES,
)

# COND-FACET (v3): the strengthening programme leaves out back extension (bird dog
# instead), unless a clinician has chosen a swap for it.
FACET_SWAP = ("back_extension", "bird_dog")


def strength_section(
    *,
    paused: bool,
    irritability: str,
    irr_why: list[tuple[str, str]],
    logs: dict[str, StrengthSummary],
    experienced: bool,
    as_of: date,
    settings: ClinicSettings,
    explain: Explainer,
    flags: list[str],
    condition_swaps: tuple[tuple[str, str], ...] = (),
    hold_after_red: date | None = None,
    stalled: bool = False,
) -> dict[str, Any]:
    """STR-*: relieving or strengthening exercises with sets, reps, holds and loads.

    `condition_swaps` are the condition's own swaps (COND-FACET); STR-HOLD (v3) keeps
    the loads from the day after a red session (`hold_after_red`) through the seventh
    day, and while running stalls keeps them at 2 sets."""
    if paused:
        explain.add(flags[0], "STR:paused")
        return {
            "category": "none",
            "exercises": [],
            "warm_up": [],
            "alternatives": [],
            "earliest_date": None,
            "rules": [flags[0]],
        }
    category, rules = _category(
        irritability, irr_why, settings.exercise_swaps + condition_swaps, explain
    )
    ids = strength.programme(category, settings.exercise_swaps + condition_swaps)
    if category == "strengthening":
        ids += tuple(i for i in strength.SUPPLEMENTARY if i in logs and i not in ids)
    replaced = {new: old for old, new in settings.exercise_swaps if new in ids}
    for new, old in replaced.items():
        explain.add("STR-ANY", "STR-ANY:swap", old=EXERCISE_NAMES[old], new=EXERCISE_NAMES[new])
    exercises = _exercises(
        ids,
        logs,
        replaced,
        category=category,
        experienced=experienced,
        as_of=as_of,
        settings=settings,
        explain=explain,
        rules=rules,
        hold_after_red=hold_after_red,
        stalled=stalled,
    )
    if category == "strengthening":
        _volume_reasons(exercises, settings, explain)
    last_day = max((s.last_date for s in logs.values()), default=None)
    earliest = (
        as_of
        if last_day is None
        else max(as_of, last_day + timedelta(days=settings.strength_rest_days))
    )
    explain.add("STR-FREQ", hours=24 * settings.strength_rest_days, date=earliest)
    explain.add("STR-ANY")
    rules += ["STR-FREQ", "STR-ANY"]
    return {
        "category": category,
        "exercises": exercises,
        "warm_up": list(strength.RELIEVING) if category == "strengthening" else [],
        "alternatives": [i for i in strength.SUPPLEMENTARY if i not in ids]
        if category == "strengthening"
        else [],
        "sessions_per_week": "2-3",
        "earliest_date": earliest.isoformat(),
        "rules": list(dict.fromkeys(rules)),
    }


def _category(
    irritability: str,
    irr_why: list[tuple[str, str]],
    swaps: tuple[tuple[str, str], ...],
    explain: Explainer,
) -> tuple[str, list[str]]:
    """STR-IRR: relieving exercises for a high-irritability back (STR-REL), else
    strengthening ones (STR-STR); with the rules so far."""
    rules = ["STR-IRR"]
    if irritability == "high":
        why = tuple("; ".join(w[i] for w in irr_why) for i in (0, 1))
        explain.add("STR-IRR", "STR-IRR:high", why=why)
        explain.add("STR-REL")
        return "relieving", [*rules, "STR-REL"]
    explain.add("STR-IRR", "STR-IRR:low")
    explain.add("STR-STR", names=_exercise_list(strength.programme("strengthening", swaps)))
    explain.add("COND-WEAK")
    return "strengthening", [*rules, "STR-STR", "STR-VOL", "STR-INT"]


def _volume_reasons(
    exercises: list[dict[str, Any]], settings: ClinicSettings, explain: Explainer
) -> None:
    """STR-VOL (building up to the full sets) and STR-INT."""
    sets = min(e["sets"] for e in exercises)
    full = min(strength.EXERCISES[e["id"]].sets for e in exercises)
    if sets < full:
        explain.add("STR-VOL", sets=sets, full=full, weeks=settings.beginner_build_weeks)
    else:
        explain.add("STR-VOL", "STR-VOL:full", sets=sets)
    explain.add("STR-INT")


# Names that keep their capital letter inside a sentence.
PROPER_NAMES = ("Romanian", "Pallof")


def _exercise_list(ids: tuple[str, ...]) -> tuple[str, str]:
    """The programme's exercises named in a sentence, in Danish and English."""

    def lower(name: str) -> str:
        return name if name.startswith(PROPER_NAMES) else name[0].lower() + name[1:]

    da = [lower(EXERCISE_NAMES[i][0]) for i in ids]
    en = [lower(EXERCISE_NAMES[i][1]) for i in ids]
    return join_words(da, "og"), join_words(en, "and")


STALL_SETS = 2  # STR-HOLD: the low end of STR-VOL while running stalls


HOLD_DAYS = 7  # STR-HOLD: from the day after a red session through the seventh day


def _hold_window(red_day: date | None, settings: ClinicSettings) -> tuple[date, date] | None:
    if red_day is None:
        return None
    return red_day + timedelta(days=1), red_day + timedelta(days=HOLD_DAYS)


def _held(hold: tuple[date, date] | None, as_of: date, history: StrengthSummary | None) -> bool:
    """STR-HOLD: no load is raised in the hold, and a session logged in it earns nothing
    (the next one after it does)."""
    if hold is None:
        return False
    if hold[0] <= as_of <= hold[1]:
        return True
    last = history.last_loaded if history is not None else None
    return last is not None and hold[0] <= last.date <= hold[1]


def _hold_item(item: dict[str, Any]) -> None:
    """STR-HOLD: the load stays where it was."""
    if item.get("progression") in ("increase", "band_increase"):
        if "previous_load_kg" in item:
            item["load_kg"] = item["previous_load_kg"]
        if "previous_band" in item:
            item["band"] = item["previous_band"]
        item["progression"] = "keep"
        item["held"] = True
        item.pop("next_increase_date", None)


def _exercises(
    ids: tuple[str, ...],
    logs: dict[str, StrengthSummary],
    replaced: dict[str, str],
    *,
    category: str,
    experienced: bool,
    as_of: date,
    settings: ClinicSettings,
    explain: Explainer,
    rules: list[str],
    hold_after_red: date | None,
    stalled: bool,
) -> list[dict[str, Any]]:
    """Each exercise of the programme with its dose and load; STR-HOLD (v3) keeps the
    loads after a red session and, while running stalls, the sets at 2."""
    hold = _hold_window(hold_after_red, settings)
    exercises = []
    for exercise_id in ids:
        history = _carried(logs, exercise_id, replaced.get(exercise_id))
        held = stalled or _held(hold, as_of, history)
        item, progressed = _exercise_item(
            exercise_id,
            history,
            experienced=experienced,
            as_of=as_of,
            settings=settings,
            explain=explain if not held else None,
        )
        if held and category == "strengthening":
            _hold_item(item)
            if stalled:
                item["sets"] = min(item["sets"], STALL_SETS)
        if progressed and "STR-PROG" not in rules and not held:
            rules.append("STR-PROG")
        exercises.append(item)
    any_held = any(e.get("held") for e in exercises)
    in_hold = hold is not None and hold[0] <= as_of <= hold[1]
    if category == "strengthening" and (stalled or in_hold or any_held):
        rules.append("STR-HOLD")
        if stalled:
            explain.add("STR-HOLD", "STR-HOLD:stall", sets=STALL_SETS)
        elif hold is not None and hold_after_red is not None:
            explain.add("STR-HOLD", date=hold_after_red, until=hold[1])
    return exercises


def _carried(
    logs: dict[str, StrengthSummary], exercise_id: str, replaced: str | None
) -> StrengthSummary | None:
    """An exercise's history; for one a clinician swapped in, the dose carries on
    (STR-VOL: the build-up counts from the first log of either), the load is its own."""
    own = logs.get(exercise_id)
    old = logs.get(replaced) if replaced is not None else None
    if old is None:
        return own
    if own is None:
        return StrengthSummary(old.first_date, old.last_date)
    return dataclasses.replace(own, first_date=min(own.first_date, old.first_date))


def _exercise_item(
    exercise_id: str,
    history: StrengthSummary | None,
    *,
    experienced: bool,
    as_of: date,
    settings: ClinicSettings,
    explain: Explainer | None,
) -> tuple[dict[str, Any], bool]:
    """One exercise of today's programme: the dose (STR-VOL) and the load or band
    (STR-PROG) from its history. True when a load decision was explained."""
    spec = strength.EXERCISES[exercise_id]
    first = history.first_date if history else None
    item: dict[str, Any] = {
        "id": exercise_id,
        "sets": strength.prescribed_sets(
            spec, experienced=experienced, first_logged=first, as_of=as_of, settings=settings
        ),
        "reps": spec.reps,
        "per_side": spec.per_side,
        "hold_s": spec.hold_s,
        "hold_s_max": spec.hold_s_max,
        "load_kg": None,
        "progression": "start",
        "category": spec.category,
        "uses_band": spec.band,
    }
    if spec.band:
        item["band"] = None
    last = history.last_loaded if history else None
    if not spec.loaded or last is None or history is None:
        return item, False
    last_raise = history.raised.get("band" if last.band is not None else "kg")
    name = EXERCISE_NAMES[exercise_id]
    all_sets_done = last.sets_done >= last.sets_planned
    if last.band is not None:
        band = strength.next_band(
            band=last.band,
            all_sets_done=all_sets_done,
            technique_ok=last.technique_ok,
            settings=settings,
            last_raise=last_raise,
            as_of=as_of,
        )
        item.update(band=band.band, progression=band.progression, previous_band=band.previous)
        if explain is None:
            return item, False
        explain.add(
            "STR-PROG",
            f"STR-PROG:band_{band.progression}",
            exercise=name,
            old=BAND_NAMES[band.previous],
            new=BAND_NAMES[band.band],
            date=band.next_increase or as_of,
        )
        return item, True
    advice = strength.next_load(
        load_kg=last.load_kg,
        all_sets_done=all_sets_done,
        technique_ok=last.technique_ok,
        settings=settings,
        last_raise=last_raise,
        as_of=as_of,
    )
    item.update(
        load_kg=advice.load_kg, progression=advice.progression, previous_load_kg=advice.previous_kg
    )
    if advice.next_increase is not None:
        item["next_increase_date"] = advice.next_increase.isoformat()
    if advice.progression not in ("increase", "keep", "keep_no_step", "keep_recent"):
        return item, False
    if explain is None:
        return item, False
    explain.add(
        "STR-PROG",
        f"STR-PROG:{advice.progression}",
        exercise=name,
        old=float(advice.previous_kg or 0),
        new=float(advice.load_kg or 0),
        step=settings.load_step_kg,
        days=settings.load_increase_interval_days,
        date=advice.next_increase or as_of,
    )
    return item, True
