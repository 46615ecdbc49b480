"""Reading one event of a case (the contract's event types), strictly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from runback.engine.models import (
    Cleared,
    CrossTraining,
    Event,
    Followup,
    FunctionRating,
    RedFlag,
    Session,
    SettingsChange,
    Status,
    StrengthLog,
)
from runback.engine.parsing import (
    MAX_MINUTES,
    PAIN,
    InvalidInput,
    Reader,
    int_range,
    number_range,
    parse_band,
    parse_bool,
    parse_break_reason,
    parse_by,
    parse_date,
    parse_examined_by,
    parse_exercise,
    parse_flags,
    parse_function_items,
    parse_ids,
    parse_scores,
    parse_settings_changes,
    parse_sport,
    parse_text_id,
)


def _session(r: Reader, kind: str) -> Session:
    minutes = number_range(0, MAX_MINUTES)
    common = {
        "type",
        "id",
        "date",
        "pain_before",
        "pain_during",
        "pain_after",
        "rose_during",
        "stopped_early",
        "distance_km",
        "replaces",
        "break_reason",
        "leg_symptoms_spread",
    }
    cadence: int | None = None
    if kind == "walk":
        r.reject_unknown(common | {"minutes"})
        run_min: float | None = 0.0
        walk_min = r.get("minutes", minutes)
    else:
        r.reject_unknown(common | {"run_min", "walk_min", "cadence_spm"})
        run_min = r.get("run_min", minutes)
        walk_min = r.get("walk_min", minutes)
        cadence = r.get("cadence_spm", int_range(100, 240, "steps per minute"))
    return Session(
        kind="walk" if kind == "walk" else "run",
        id=r.need("id", parse_text_id),
        date=r.need("date", parse_date),
        pain_before=r.get("pain_before", PAIN),
        pain_during=r.need("pain_during", PAIN),
        pain_after=r.need("pain_after", PAIN),
        rose_during=r.get("rose_during", parse_bool) or False,
        stopped_early=r.get("stopped_early", parse_bool) or False,
        run_min=run_min,
        walk_min=walk_min,
        distance_km=r.get("distance_km", number_range(0, 200)),
        cadence_spm=cadence,
        break_reason=r.get("break_reason", parse_break_reason),  # type: ignore[arg-type]
        leg_symptoms_spread=r.get("leg_symptoms_spread", parse_bool) or False,
    )


def _strength(r: Reader) -> StrengthLog:
    r.reject_unknown(
        {
            "type",
            "id",
            "date",
            "exercise",
            "sets_planned",
            "sets_done",
            "load_kg",
            "technique_ok",
            "band",
            "replaces",
        }
    )
    planned = r.need("sets_planned", int_range(1, 10))
    done = r.need("sets_done", int_range(0, 10))
    technique_ok = r.get("technique_ok", parse_bool)
    return StrengthLog(
        id=r.need("id", parse_text_id),
        date=r.need("date", parse_date),
        exercise=r.need("exercise", parse_exercise),
        sets_planned=planned,
        sets_done=done,
        load_kg=r.get("load_kg", number_range(0, 500)),
        technique_ok=True if technique_ok is None else technique_ok,
        band=r.get("band", parse_band),
    )


def _status(r: Reader) -> Status:
    r.reject_unknown(
        {
            "type",
            "id",
            "date",
            "pain_week_avg",
            "comfortable_position",
            "resting_pain",
            "settle_time_min",
            "radiating_leg_pain",
            "sleep_or_daily_life_affected",
            "unsure_what_is_allowed",
            "wants_structured_plan",
            "replaces",
            "sleep_poor",
            "stress_high",
            "sat_most",
        }
    )
    return Status(
        date=r.need("date", parse_date),
        pain_week_avg=r.get("pain_week_avg", number_range(0, 10)),
        comfortable_position=r.get("comfortable_position", parse_bool),
        resting_pain=r.get("resting_pain", PAIN),
        settle_time_min=r.get("settle_time_min", int_range(0, 7 * 24 * 60, "minutes")),
        radiating_leg_pain=r.get("radiating_leg_pain", parse_bool),
        sleep_or_daily_life_affected=r.get("sleep_or_daily_life_affected", parse_bool),
        unsure_what_is_allowed=r.get("unsure_what_is_allowed", parse_bool),
        wants_structured_plan=r.get("wants_structured_plan", parse_bool),
        sleep_poor=r.get("sleep_poor", parse_bool),
        stress_high=r.get("stress_high", parse_bool),
        sat_most=r.get("sat_most", parse_bool),
    )


EVENT_TYPES = (
    "walk",
    "run",
    "followup",
    "red_flag",
    "cleared",
    "strength",
    "status",
    "settings",
    "withdraw",
    "cross",
    "function",
)


def _followup(r: Reader) -> Followup:
    r.reject_unknown({"type", "id", "session", "date", "pain", "stiffness_worse", "replaces"})
    return Followup(
        session=r.need("session", parse_text_id),
        date=r.need("date", parse_date),
        pain=r.need("pain", PAIN),
        stiffness_worse=r.get("stiffness_worse", parse_bool) or False,
    )


def _red_flag(r: Reader) -> RedFlag:
    r.reject_unknown({"type", "id", "date", "flags"})
    flags = r.need("flags", parse_flags)
    if not flags:
        raise InvalidInput(r.path("flags"), "must name at least one red flag", "no_flags")
    return RedFlag(date=r.need("date", parse_date), flags=flags)


def _cleared(r: Reader) -> Cleared:
    r.reject_unknown(
        {"type", "id", "date", "by", "flags", "examined_by", "examined_on", "symptom_gone"}
    )
    by = r.get("by", parse_by) or "clinician"
    return Cleared(
        date=r.need("date", parse_date),
        by=by,  # type: ignore[arg-type]
        flags=r.get("flags", parse_flags) or (),
        examined_by=r.get("examined_by", parse_examined_by),
        examined_on=r.get("examined_on", parse_date),
        symptom_gone=r.get("symptom_gone", parse_bool),
    )


def _settings(r: Reader) -> SettingsChange:
    r.reject_unknown({"type", "id", "date", "changes", "by"})
    changes = r.need("changes", parse_settings_changes)
    return SettingsChange(date=r.need("date", parse_date), changes=tuple(sorted(changes.items())))


def _cross(r: Reader) -> CrossTraining:
    r.reject_unknown(
        {"type", "id", "date", "sport", "minutes", "pain_during", "pain_after", "replaces"}
    )
    return CrossTraining(
        id=r.need("id", parse_text_id),
        date=r.need("date", parse_date),
        sport=r.need("sport", parse_sport),  # type: ignore[arg-type]
        minutes=r.need("minutes", number_range(0, MAX_MINUTES)),
        pain_during=r.need("pain_during", PAIN),
        pain_after=r.need("pain_after", PAIN),
    )


def _function(r: Reader) -> FunctionRating:
    r.reject_unknown({"type", "id", "date", "scores", "added", "removed", "replaces"})
    return FunctionRating(
        date=r.need("date", parse_date),
        scores=r.get("scores", parse_scores) or (),
        added=r.get("added", parse_function_items) or (),
        removed=r.get("removed", parse_ids) or (),
    )


# Each event type's reader, and whether a later event may correct it (`replaces`).
READERS: dict[str, tuple[Callable[[Reader], Event], bool]] = {
    "walk": (lambda r: _session(r, "walk"), True),
    "run": (lambda r: _session(r, "run"), True),
    "followup": (_followup, True),
    "red_flag": (_red_flag, False),
    "cleared": (_cleared, False),
    "strength": (_strength, True),
    "status": (_status, True),
    "settings": (_settings, False),
    "cross": (_cross, True),
    "function": (_function, True),
}


def read_event(data: Any, where: str) -> tuple[Event | None, str | None, str | None]:
    """Return (event, its correction target `replaces`, a withdrawn id) for one raw event."""
    r = Reader(data, where)
    kind = r.need("type", lambda v, w: v)
    replaces = r.get("replaces", parse_text_id)
    if kind == "withdraw":
        r.reject_unknown({"type", "id", "date", "target"})
        r.need("date", parse_date)
        return None, None, r.need("target", parse_text_id)
    if kind not in READERS:
        raise InvalidInput(
            r.path("type"), f"must be one of {', '.join(EVENT_TYPES)} (got {kind!r})"
        )
    read, correctable = READERS[kind]
    return read(r), replaces if correctable else None, None
