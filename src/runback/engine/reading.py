"""Reading a case from JSON-like data: strict, with one clear message naming the bad field."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Literal, TypeVar, get_args

from runback.engine.history import chains_of
from runback.engine.models import (
    BANDS,
    Case,
    Cleared,
    Condition,
    CrossTraining,
    Event,
    Followup,
    FunctionItem,
    FunctionRating,
    Locale,
    Profile,
    RedFlag,
    Session,
    SettingsChange,
    Status,
    StrengthLog,
)
from runback.engine.rules import TRIAGE_ADVISE, TRIAGE_EMERGENCY, TRIAGE_FLAGS
from runback.engine.settings import DEFAULT_SETTINGS, SettingsError
from runback.engine.strength import EXERCISES

T = TypeVar("T")
MAX_MINUTES = 600
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


ErrorCode = Literal[
    "not_an_object",  # a value that must be a JSON object is not one
    "required",  # a required field is missing
    "unknown_field",  # a field the contract does not know
    "invalid_date",  # not a date written YYYY-MM-DD
    "invalid_value",  # of the wrong type, outside its range, or not one of the choices
    "no_flags",  # a red-flag report that names no flag
    "invalid_setting",  # a clinic setting unknown, of the wrong type or out of bounds
    "duplicate_id",  # an id used twice
    "unknown_target",  # a correction or withdrawal that names no earlier event
    "unknown_session",  # a next-morning answer that names no earlier walk or run
    "examined_after_report",  # TRIAGE-CLEAR: an examination dated after its report
    "examined_too_early",  # TRIAGE-CLEAR: an examination too long before the flag
]

ERROR_CODES: tuple[str, ...] = get_args(ErrorCode)


class InvalidInput(ValueError):
    """The case cannot be read. `field` is a dotted path such as `events.2.pain_during`;
    `message` says what is wrong, in English, for programs and logs; `code` is one of
    ERROR_CODES, for a caller that words the refusal itself (test the code, not the
    message)."""

    def __init__(self, field: str, message: str, code: ErrorCode = "invalid_value") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.code: ErrorCode = code


class _Reader:
    """Reads one JSON object, remembering which keys were used, to reject unknown ones."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, Mapping):
            raise InvalidInput(where or "case", "must be a JSON object", "not_an_object")
        self.data = data
        self.where = where

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, parse: Callable[[Any, str], T], *, required: bool = False) -> T | None:
        if key not in self.data or self.data[key] is None:
            if required:
                raise InvalidInput(self.path(key), "is required", "required")
            return None
        return parse(self.data[key], self.path(key))

    def need(self, key: str, parse: Callable[[Any, str], T]) -> T:
        value = self.get(key, parse, required=True)
        assert value is not None
        return value

    def reject_unknown(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise InvalidInput(self.path(str(key)), "is not a known field", "unknown_field")


def _date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise InvalidInput(where, "must be a date written YYYY-MM-DD", "invalid_date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(where, f"is not a valid date (got {value!r})", "invalid_date") from None


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(where, "must be true or false")
    return value


def _int_range(low: int, high: int, what: str = "a whole number") -> Callable[[Any, str], int]:
    def parse(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(where, f"must be {what} from {low} to {high} (got {value!r})")
        return value

    return parse


def _number_range(low: float, high: float) -> Callable[[Any, str], float]:
    def parse(value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise InvalidInput(where, f"must be a number (got {value!r})")
        if not low <= value <= high:
            raise InvalidInput(where, f"must be between {low:g} and {high:g} (got {value!r})")
        return float(value)

    return parse


def _text_id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise InvalidInput(where, "must be a short id of letters, digits, '_', '-', '.' or ':'")
    return value


def _flags(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InvalidInput(where, "must be a list of red-flag ids such as TRIAGE-1")
    for i, flag in enumerate(value):
        if flag not in TRIAGE_FLAGS:
            raise InvalidInput(
                f"{where}.{i}", f"is not a red-flag id TRIAGE-1..{len(TRIAGE_FLAGS)} (got {flag!r})"
            )
    return tuple(dict.fromkeys(value))


PAIN = _int_range(0, 10, "a pain rating, a whole number")


def _condition(value: Any, where: str) -> Condition:
    try:
        return Condition(value)
    except ValueError:
        options = ", ".join(c.value for c in Condition)
        raise InvalidInput(where, f"must be one of {options} (got {value!r})") from None


def read_profile(data: Any, where: str = "profile") -> Profile:
    r = _Reader(data, where)
    r.reject_unknown(
        {
            "start_date",
            "condition",
            "red_flags",
            "comfortable_position",
            "resting_pain",
            "settle_time_min",
            "walking_tolerated",
            "cadence_spm",
            "radiating_leg_pain",
            "sleep_or_daily_life_affected",
            "strength_experience",
            "unsure_what_is_allowed",
            "wants_structured_plan",
            "usual_runs_per_week",
            "usual_weekly_min",
            "new_to_running",
            "goal_runs_per_week",
            "goal_weekly_min",
            "function",
        }
    )
    runs_a_week = _int_range(1, 14, "runs a week")
    weekly_min = _int_range(0, 3000, "minutes a week")
    return Profile(
        start_date=r.need("start_date", _date),
        condition=r.get("condition", _condition) or Condition.UNKNOWN,
        red_flags=r.get("red_flags", _flags) or (),
        comfortable_position=r.get("comfortable_position", _bool),
        resting_pain=r.get("resting_pain", PAIN),
        settle_time_min=r.get("settle_time_min", _int_range(0, 7 * 24 * 60, "minutes")),
        walking_tolerated=r.get("walking_tolerated", _bool),
        cadence_spm=r.get("cadence_spm", _int_range(100, 240, "steps per minute")),
        radiating_leg_pain=r.get("radiating_leg_pain", _bool),
        sleep_or_daily_life_affected=r.get("sleep_or_daily_life_affected", _bool),
        strength_experience=r.get("strength_experience", _bool),
        unsure_what_is_allowed=r.get("unsure_what_is_allowed", _bool),
        wants_structured_plan=r.get("wants_structured_plan", _bool),
        usual_runs_per_week=r.get("usual_runs_per_week", runs_a_week),
        usual_weekly_min=r.get("usual_weekly_min", weekly_min),
        new_to_running=r.get("new_to_running", _bool),
        goal_runs_per_week=r.get("goal_runs_per_week", runs_a_week),
        goal_weekly_min=r.get("goal_weekly_min", weekly_min),
        function=r.get("function", _function_items) or (),
    )


MAX_FUNCTION_ITEMS = 10  # FUNC-1 asks for up to three; replacements add more over time


def _function_item(value: Any, where: str) -> FunctionItem:
    r = _Reader(value, where)
    r.reject_unknown({"id", "activity", "score"})
    activity = r.need("activity", lambda v, w: v)
    if not isinstance(activity, str) or not activity.strip() or len(activity) > 200:
        raise InvalidInput(r.path("activity"), "must be a short text")
    return FunctionItem(
        id=r.need("id", _text_id),
        activity=activity.strip(),
        score=r.need("score", _int_range(0, 10, "a rating")),
    )


def _function_items(value: Any, where: str) -> tuple[FunctionItem, ...]:
    if not isinstance(value, list) or len(value) > MAX_FUNCTION_ITEMS:
        raise InvalidInput(where, f"must be a list of at most {MAX_FUNCTION_ITEMS} activities")
    items = tuple(_function_item(v, f"{where}.{i}") for i, v in enumerate(value))
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise InvalidInput(
                f"{where}.{i}.id", f"is used twice (got {item.id!r})", "duplicate_id"
            )
        seen.add(item.id)
    return items


def _scores(value: Any, where: str) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, Mapping):
        raise InvalidInput(where, "must be an object of activity ids and ratings")
    rate = _int_range(0, 10, "a rating")
    return tuple(
        sorted((_text_id(k, f"{where}.{k}"), rate(v, f"{where}.{k}")) for k, v in value.items())
    )


def _ids(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InvalidInput(where, "must be a list of activity ids")
    return tuple(_text_id(v, f"{where}.{i}") for i, v in enumerate(value))


def _break_reason(value: Any, where: str) -> str:
    if value not in ("back", "other"):
        raise InvalidInput(where, f"must be back or other (got {value!r})")
    return str(value)


def _sport(value: Any, where: str) -> str:
    if value not in ("cycling", "swimming"):
        raise InvalidInput(where, f"must be cycling or swimming (got {value!r})")
    return str(value)


EXAMINERS = ("own_doctor", "out_of_hours", "emergency_department", "other_clinician")


def _examined_by(value: Any, where: str) -> str:
    if value not in EXAMINERS:
        raise InvalidInput(where, f"must be one of {', '.join(EXAMINERS)} (got {value!r})")
    return str(value)


def _session(r: _Reader, kind: str) -> Session:
    minutes = _number_range(0, MAX_MINUTES)
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
        cadence = r.get("cadence_spm", _int_range(100, 240, "steps per minute"))
    return Session(
        kind="walk" if kind == "walk" else "run",
        id=r.need("id", _text_id),
        date=r.need("date", _date),
        pain_before=r.get("pain_before", PAIN),
        pain_during=r.need("pain_during", PAIN),
        pain_after=r.need("pain_after", PAIN),
        rose_during=r.get("rose_during", _bool) or False,
        stopped_early=r.get("stopped_early", _bool) or False,
        run_min=run_min,
        walk_min=walk_min,
        distance_km=r.get("distance_km", _number_range(0, 200)),
        cadence_spm=cadence,
        break_reason=r.get("break_reason", _break_reason),  # type: ignore[arg-type]
        leg_symptoms_spread=r.get("leg_symptoms_spread", _bool) or False,
    )


def _exercise(value: Any, where: str) -> str:
    if value not in EXERCISES:
        raise InvalidInput(where, f"is not a known exercise id (got {value!r})")
    return str(value)


def _strength(r: _Reader) -> StrengthLog:
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
    planned = r.need("sets_planned", _int_range(1, 10))
    done = r.need("sets_done", _int_range(0, 10))
    technique_ok = r.get("technique_ok", _bool)
    return StrengthLog(
        id=r.need("id", _text_id),
        date=r.need("date", _date),
        exercise=r.need("exercise", _exercise),
        sets_planned=planned,
        sets_done=done,
        load_kg=r.get("load_kg", _number_range(0, 500)),
        technique_ok=True if technique_ok is None else technique_ok,
        band=r.get("band", _band),
    )


def _band(value: Any, where: str) -> str:
    if value not in BANDS:
        raise InvalidInput(where, f"must be one of {', '.join(BANDS)} (got {value!r})")
    return str(value)


def _status(r: _Reader) -> Status:
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
        date=r.need("date", _date),
        pain_week_avg=r.get("pain_week_avg", _number_range(0, 10)),
        comfortable_position=r.get("comfortable_position", _bool),
        resting_pain=r.get("resting_pain", PAIN),
        settle_time_min=r.get("settle_time_min", _int_range(0, 7 * 24 * 60, "minutes")),
        radiating_leg_pain=r.get("radiating_leg_pain", _bool),
        sleep_or_daily_life_affected=r.get("sleep_or_daily_life_affected", _bool),
        unsure_what_is_allowed=r.get("unsure_what_is_allowed", _bool),
        wants_structured_plan=r.get("wants_structured_plan", _bool),
        sleep_poor=r.get("sleep_poor", _bool),
        stress_high=r.get("stress_high", _bool),
        sat_most=r.get("sat_most", _bool),
    )


def _by(value: Any, where: str) -> str:
    if value not in ("clinician", "runner", "doctor"):
        raise InvalidInput(where, f"must be clinician, runner or doctor (got {value!r})")
    return str(value)


def _settings_changes(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(where, "must be an object of setting names and values", "not_an_object")
    try:
        checked = DEFAULT_SETTINGS.with_changes(dict(value), prefix=where)
    except SettingsError as e:
        raise InvalidInput(e.field, e.message, "invalid_setting") from None
    changes = dict(value)
    if "exercise_swaps" in changes:  # as the settings hold them: sorted pairs
        changes["exercise_swaps"] = checked.exercise_swaps
    return changes


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


def read_event(data: Any, where: str) -> tuple[Event | None, str | None, str | None]:
    """Return (event, its correction target `replaces`, a withdrawn id) for one raw event."""
    r = _Reader(data, where)
    kind = r.need("type", lambda v, w: v)
    replaces = r.get("replaces", _text_id)
    if kind in ("walk", "run"):
        return _session(r, kind), replaces, None
    if kind == "followup":
        r.reject_unknown({"type", "id", "session", "date", "pain", "stiffness_worse", "replaces"})
        return (
            Followup(
                session=r.need("session", _text_id),
                date=r.need("date", _date),
                pain=r.need("pain", PAIN),
                stiffness_worse=r.get("stiffness_worse", _bool) or False,
            ),
            replaces,
            None,
        )
    if kind == "red_flag":
        r.reject_unknown({"type", "id", "date", "flags"})
        flags = r.need("flags", _flags)
        if not flags:
            raise InvalidInput(r.path("flags"), "must name at least one red flag", "no_flags")
        return RedFlag(date=r.need("date", _date), flags=flags), None, None
    if kind == "cleared":
        r.reject_unknown(
            {"type", "id", "date", "by", "flags", "examined_by", "examined_on", "symptom_gone"}
        )
        by = r.get("by", _by) or "clinician"
        return (
            Cleared(
                date=r.need("date", _date),
                by=by,  # type: ignore[arg-type]
                flags=r.get("flags", _flags) or (),
                examined_by=r.get("examined_by", _examined_by),
                examined_on=r.get("examined_on", _date),
                symptom_gone=r.get("symptom_gone", _bool),
            ),
            None,
            None,
        )
    if kind == "strength":
        return _strength(r), replaces, None
    if kind == "status":
        return _status(r), replaces, None
    if kind == "settings":
        r.reject_unknown({"type", "id", "date", "changes", "by"})
        changes = r.need("changes", _settings_changes)
        return (
            SettingsChange(date=r.need("date", _date), changes=tuple(sorted(changes.items()))),
            None,
            None,
        )
    if kind == "cross":
        r.reject_unknown(
            {"type", "id", "date", "sport", "minutes", "pain_during", "pain_after", "replaces"}
        )
        return (
            CrossTraining(
                id=r.need("id", _text_id),
                date=r.need("date", _date),
                sport=r.need("sport", _sport),  # type: ignore[arg-type]
                minutes=r.need("minutes", _number_range(0, MAX_MINUTES)),
                pain_during=r.need("pain_during", PAIN),
                pain_after=r.need("pain_after", PAIN),
            ),
            replaces,
            None,
        )
    if kind == "function":
        r.reject_unknown({"type", "id", "date", "scores", "added", "removed", "replaces"})
        return (
            FunctionRating(
                date=r.need("date", _date),
                scores=r.get("scores", _scores) or (),
                added=r.get("added", _function_items) or (),
                removed=r.get("removed", _ids) or (),
            ),
            replaces,
            None,
        )
    if kind == "withdraw":
        r.reject_unknown({"type", "id", "date", "target"})
        r.need("date", _date)
        return None, None, r.need("target", _text_id)
    raise InvalidInput(r.path("type"), f"must be one of {', '.join(EVENT_TYPES)} (got {kind!r})")


def read_case(data: Any) -> Case:
    """Read and check a whole case. Events dated after `as_of` are checked, then ignored.

    A correction (`replaces`) may carry an id of its own: it takes the place of the entry
    it names and keeps that entry's identity (the first id of the chain of corrections),
    so follow-ups, later corrections and withdrawals may name any id in the chain. A
    withdrawn entry stays withdrawn: a later correction of it is ignored.
    """
    r = _Reader(data, "")
    r.reject_unknown({"as_of", "profile", "events", "locale", "settings"})
    as_of = r.need("as_of", _date)
    if "profile" not in r.data:
        raise InvalidInput("profile", "is required", "required")
    profile = read_profile(r.data.get("profile"), "profile")
    locale_raw = r.data.get("locale", "da")
    if locale_raw not in ("da", "en"):
        raise InvalidInput("locale", f"must be da or en (got {locale_raw!r})")
    locale: Locale = "da" if locale_raw == "da" else "en"
    settings = DEFAULT_SETTINGS
    if r.data.get("settings") is not None:
        settings = DEFAULT_SETTINGS.with_changes(_settings_changes(r.data["settings"], "settings"))
    raw_events = r.data.get("events") or []
    if not isinstance(raw_events, list):
        raise InvalidInput("events", "must be a list")
    read = _read_events(raw_events)
    return Case(
        as_of=as_of,
        profile=profile,
        events=_known_at(read, raw_events, as_of, profile=profile),
        locale=locale,
        settings=settings,
    )


class _Identities:
    """While the events are read in order: every id -> the first id of its chain of
    corrections, and which chains are walks or runs (what a follow-up may name)."""

    def __init__(self) -> None:
        self.root: dict[str, str] = {}
        self.sessions: set[str] = set()

    def key(
        self,
        raw: Mapping[str, Any],
        where: str,
        index: int,
        replaces: str | None,
        withdrawn: str | None,
    ) -> str:
        """The chain an event belongs to; refuses ids used twice and unknown targets."""
        event_id = raw.get("id")
        if isinstance(event_id, str) and event_id in self.root and replaces != event_id:
            raise InvalidInput(f"{where}.id", f"is used twice (got {event_id!r})", "duplicate_id")
        target = withdrawn if withdrawn is not None else replaces
        if target is not None and target not in self.root:
            field = "target" if withdrawn is not None else "replaces"
            raise InvalidInput(
                f"{where}.{field}", f"names no earlier event (got {target!r})", "unknown_target"
            )
        if target is not None:
            key = self.root[target]
        else:
            key = event_id if isinstance(event_id, str) else f"#{index}"
        if isinstance(event_id, str):
            self.root[event_id] = key
        return key

    def place(self, event: Event, key: str, where: str, *, correction: bool) -> Event:
        """The event under its chain's identity (a session keeps its first id; a follow-up
        names its session's first id)."""
        if isinstance(event, Session | StrengthLog | CrossTraining) and event.id != key:
            event = replace(event, id=key)
        if isinstance(event, Session):
            self.sessions.add(key)
        elif correction:
            self.sessions.discard(key)  # a session corrected into something else
        if isinstance(event, Followup):
            session = self.root.get(event.session)
            if session is None or session not in self.sessions:
                raise InvalidInput(
                    f"{where}.session",
                    f"names no earlier walk or run (got {event.session!r})",
                    "unknown_session",
                )
            event = replace(event, session=session)
        return event


def _read_events(raw_events: list[Any]) -> list[tuple[Event | None, date]]:
    """Every event read and checked, whatever its date (None for a withdrawal)."""
    identities = _Identities()
    read: list[tuple[Event | None, date]] = []
    for i, raw in enumerate(raw_events):
        where = f"events.{i}"
        event, replaces, withdrawn = read_event(raw, where)
        event_date = _date(raw["date"], f"{where}.date")
        key = identities.key(raw, where, i, replaces, withdrawn)
        if event is not None:
            event = identities.place(event, key, where, correction=replaces is not None)
        read.append((event, event_date))
    return read


def _known_at(
    read: list[tuple[Event | None, date]],
    raw_events: list[Any],
    as_of: date,
    *,
    profile: Profile | None = None,
) -> tuple[Event, ...]:
    """What was known by `as_of`, in fold order (by date; a corrected entry keeps the
    place of its first version): the chains of entries (engine.history) say which version
    of each entry counts and which entries are withdrawn."""
    known = [
        (i, raw, event)
        for i, ((event, event_date), raw) in enumerate(zip(read, raw_events, strict=True))
        if event_date <= as_of
    ]
    chains = chains_of([raw for _i, raw, _event in known])
    live: list[tuple[int, Event]] = []
    for chain in {id(c): c for c in chains.values()}.values():
        event = known[chain.latest][2]
        if chain.live and event is not None:
            live.append((known[chain.versions[0]][0], event))
    session_ids = {e.id for _i, e in live if isinstance(e, Session)}
    kept = [
        (i, e) for i, e in live if not (isinstance(e, Followup) and e.session not in session_ids)
    ]
    ordered = sorted(kept, key=lambda pair: (pair[1].date, pair[0]))
    if profile is not None:
        _check_clearances(profile, ordered)
    return tuple(e for _i, e in ordered)


# TRIAGE-CLEAR (v3): how long before the flag was reported a runner's examination may
# lie (a prompt flag: a month; an emergency flag: the day before at most, 2 days).
EXAMINED_BEFORE_DAYS = {"emergency": 2, "prompt": 30}


def _check_clearances(profile: Profile, ordered: list[tuple[int, Event]]) -> None:
    """TRIAGE-CLEAR: a runner's report of an examination is dated neither after the
    report itself nor too long before the flags it lifts were reported."""
    reported: dict[str, date] = {f: profile.start_date for f in profile.red_flags}
    for index, event in ordered:
        if isinstance(event, RedFlag):
            for flag in event.flags:
                reported.setdefault(flag, event.date)
        if not isinstance(event, Cleared):
            continue
        named = [f for f in (event.flags or tuple(reported)) if f in reported]
        where = f"events.{index}.examined_on"
        if event.examined_on is not None and event.by != "clinician":
            if event.examined_on > event.date:
                raise InvalidInput(
                    where, "must not be after the day it is reported", "examined_after_report"
                )
            for flag in named:
                level = "emergency" if flag in TRIAGE_EMERGENCY else "prompt"
                if flag in TRIAGE_ADVISE:
                    continue
                earliest = reported[flag] - timedelta(days=EXAMINED_BEFORE_DAYS[level])
                if event.examined_on < earliest:
                    raise InvalidInput(
                        where,
                        f"lies too long before {flag} was reported "
                        f"({EXAMINED_BEFORE_DAYS[level]} days at most)",
                        "examined_too_early",
                    )
        for flag in named:
            if event.by == "clinician" or flag not in TRIAGE_EMERGENCY or event.symptom_gone:
                reported.pop(flag, None)
