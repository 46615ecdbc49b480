"""Reading JSON-like values strictly: one clear message (and a code) naming the bad field."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Literal, TypeVar, get_args

from runback.engine.models import (
    BANDS,
    Condition,
    FunctionItem,
)
from runback.engine.rules import TRIAGE_FLAGS
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


class Reader:
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


def parse_date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise InvalidInput(where, "must be a date written YYYY-MM-DD", "invalid_date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(where, f"is not a valid date (got {value!r})", "invalid_date") from None


def parse_bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(where, "must be true or false")
    return value


def int_range(low: int, high: int, what: str = "a whole number") -> Callable[[Any, str], int]:
    def parse(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(where, f"must be {what} from {low} to {high} (got {value!r})")
        return value

    return parse


def number_range(low: float, high: float) -> Callable[[Any, str], float]:
    def parse(value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise InvalidInput(where, f"must be a number (got {value!r})")
        if not low <= value <= high:
            raise InvalidInput(where, f"must be between {low:g} and {high:g} (got {value!r})")
        return float(value)

    return parse


def parse_text_id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise InvalidInput(where, "must be a short id of letters, digits, '_', '-', '.' or ':'")
    return value


def parse_flags(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InvalidInput(where, "must be a list of red-flag ids such as TRIAGE-1")
    for i, flag in enumerate(value):
        if flag not in TRIAGE_FLAGS:
            raise InvalidInput(
                f"{where}.{i}", f"is not a red-flag id TRIAGE-1..{len(TRIAGE_FLAGS)} (got {flag!r})"
            )
    return tuple(dict.fromkeys(value))


PAIN = int_range(0, 10, "a pain rating, a whole number")


def parse_condition(value: Any, where: str) -> Condition:
    try:
        return Condition(value)
    except ValueError:
        options = ", ".join(c.value for c in Condition)
        raise InvalidInput(where, f"must be one of {options} (got {value!r})") from None


MAX_FUNCTION_ITEMS = 10  # FUNC-1 asks for up to three; replacements add more over time


def parse_function_item(value: Any, where: str) -> FunctionItem:
    r = Reader(value, where)
    r.reject_unknown({"id", "activity", "score"})
    activity = r.need("activity", lambda v, w: v)
    if not isinstance(activity, str) or not activity.strip() or len(activity) > 200:
        raise InvalidInput(r.path("activity"), "must be a short text")
    return FunctionItem(
        id=r.need("id", parse_text_id),
        activity=activity.strip(),
        score=r.need("score", int_range(0, 10, "a rating")),
    )


def parse_function_items(value: Any, where: str) -> tuple[FunctionItem, ...]:
    if not isinstance(value, list) or len(value) > MAX_FUNCTION_ITEMS:
        raise InvalidInput(where, f"must be a list of at most {MAX_FUNCTION_ITEMS} activities")
    items = tuple(parse_function_item(v, f"{where}.{i}") for i, v in enumerate(value))
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise InvalidInput(
                f"{where}.{i}.id", f"is used twice (got {item.id!r})", "duplicate_id"
            )
        seen.add(item.id)
    return items


def parse_scores(value: Any, where: str) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, Mapping):
        raise InvalidInput(where, "must be an object of activity ids and ratings")
    rate = int_range(0, 10, "a rating")
    return tuple(
        sorted(
            (parse_text_id(k, f"{where}.{k}"), rate(v, f"{where}.{k}")) for k, v in value.items()
        )
    )


def parse_ids(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InvalidInput(where, "must be a list of activity ids")
    return tuple(parse_text_id(v, f"{where}.{i}") for i, v in enumerate(value))


def parse_break_reason(value: Any, where: str) -> str:
    if value not in ("back", "other"):
        raise InvalidInput(where, f"must be back or other (got {value!r})")
    return str(value)


def parse_sport(value: Any, where: str) -> str:
    if value not in ("cycling", "swimming"):
        raise InvalidInput(where, f"must be cycling or swimming (got {value!r})")
    return str(value)


EXAMINERS = ("own_doctor", "out_of_hours", "emergency_department", "other_clinician")


def parse_examined_by(value: Any, where: str) -> str:
    if value not in EXAMINERS:
        raise InvalidInput(where, f"must be one of {', '.join(EXAMINERS)} (got {value!r})")
    return str(value)


def parse_exercise(value: Any, where: str) -> str:
    if value not in EXERCISES:
        raise InvalidInput(where, f"is not a known exercise id (got {value!r})")
    return str(value)


def parse_band(value: Any, where: str) -> str:
    if value not in BANDS:
        raise InvalidInput(where, f"must be one of {', '.join(BANDS)} (got {value!r})")
    return str(value)


def parse_by(value: Any, where: str) -> str:
    if value not in ("clinician", "runner", "doctor"):
        raise InvalidInput(where, f"must be clinician, runner or doctor (got {value!r})")
    return str(value)


def parse_settings_changes(value: Any, where: str) -> dict[str, Any]:
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
