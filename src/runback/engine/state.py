"""The fold's state: everything the engine remembers about a runner's history so far.

`fold.fold_event(state, event)` moves it on by one event; `advice.advise(state, as_of,
locale)` turns it into today's advice. The state is plain data, so it can be stored as
JSON (`state_to_json`, `state_from_json`) and a check-in folds one event onto it instead
of the whole history. `ENGINE_VERSION` changes whenever the meaning of the state or of a
rule changes; a stored state of another version is refused, and the caller folds again.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Any, Literal

from runback.engine.models import BANDS, Cleared, Profile, Session, Status, StrengthLog
from runback.engine.running import PlanState, Step, start_state
from runback.engine.settings import ClinicSettings

# Raise it whenever a rule, the state's shape or the output's shape changes: stored states
# (and the outputs stored beside them) are then refolded. 2026-12-08.1: v3 of the clinical
# model; 2026-12-08.2: the output gained segments, followups, triage.flags and uses_band,
# and the clamshell takes a band.
ENGINE_VERSION = "2026-12-08.2"

Zone = Literal["green", "yellow", "red", "provisional", "unanswered"]


@dataclass
class SessionRecord:
    """A walk or a run and what the traffic light made of it so far."""

    session: Session
    step_then: Step
    paused_then: bool
    zone: Zone = "provisional"
    reasons: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    counted: bool = False
    partial: bool = False
    early_answer: date | None = None  # a next-morning answer given too early (ZONE-2)
    answers: int = 0  # next-morning answers recorded for it (counted or not)
    baseline: float | None = None  # ZONE-BASE: the pain the next morning is compared with
    over: str | None = None  # RUN-OVER: why a run does not move the plan on (None: it may)
    trend: bool = False  # ZONE-TREND held in the session's week
    late_worse: bool = False  # ZONE-LATE: an answer after the window reported worse pain
    small_rise: bool = False  # ZONE-NEXT: next morning a little higher, still tolerated
    morning_pain: int | None = None  # the next-morning pain that settled it


@dataclass
class Answers:
    """The latest answers that can change after intake (status check-ins update them)."""

    comfortable_position: bool | None
    resting_pain: int | None
    settle_time_min: int | None
    radiating_leg_pain: bool | None
    sleep_or_daily_life_affected: bool | None
    unsure_what_is_allowed: bool | None
    wants_structured_plan: bool | None

    def update(self, status: Status) -> None:
        for f in dataclasses.fields(self):
            value = getattr(status, f.name, None)
            if value is not None:
                setattr(self, f.name, value)


@dataclass
class StrengthSummary:
    """What the strength rules need of one exercise's logs (STR-VOL, STR-PROG, STR-FREQ),
    kept as the logs come, so the state stays small however long the history."""

    first_date: date
    last_date: date
    last_loaded: StrengthLog | None = None  # the latest log with kilograms or a band
    previous: dict[str, float] = field(default_factory=dict)  # "kg"/"band" -> last level
    raised: dict[str, date] = field(default_factory=dict)  # "kg"/"band" -> last increase

    def add(self, log: StrengthLog) -> None:
        self.last_date = max(self.last_date, log.date)
        if log.band is not None:
            kind, level = "band", float(BANDS.index(log.band))
        elif log.load_kg is not None:
            kind, level = "kg", log.load_kg
        else:
            return
        if kind in self.previous and level > self.previous[kind] + 1e-9:
            self.raised[kind] = log.date
        self.previous[kind] = level
        self.last_loaded = log


@dataclass
class StatusWeeks:
    """The weekly statuses ESC-1 compares: the first rated week and the latest one (week
    numbers from the start date), and when the last status of any kind was given."""

    last_date: date | None = None
    first_week: int | None = None
    first_values: list[float] = field(default_factory=list)
    latest_week: int | None = None
    latest_values: list[float] = field(default_factory=list)


@dataclass
class FoldState:
    """Where a runner's history has brought them, before today's date is applied.

    It stays small: a session older than the next-morning window (ZONE-2) can no longer
    change, so it leaves `records` for `closed_sessions` (its result as output), which a
    caller that keeps results elsewhere may empty; weekly running minutes, strength logs
    and statuses are kept as the summaries their rules need."""

    profile: Profile
    settings: ClinicSettings
    answers: Answers
    plan: PlanState
    open_flags: dict[str, date] = field(default_factory=dict)  # flag -> the day it opened
    flag_history: list[dict[str, Any]] = field(default_factory=list)
    clearances: list[dict[str, Any]] = field(default_factory=list)
    last_cleared: Cleared | None = None  # the latest clearance that lifted a pausing flag
    records: dict[str, SessionRecord] = field(default_factory=dict)  # sessions still open
    order: list[str] = field(default_factory=list)  # their ids, in fold order
    closed_sessions: list[dict[str, Any]] = field(default_factory=list)  # final results
    sessions_seen: int = 0
    closed_tolerated: bool = False  # a closed session was green or yellow (ZONE-1)
    week_runs: dict[str, list[tuple[Step, float | None]]] = field(default_factory=dict)
    weeks_from: date | None = None  # the first week not yet closed (weekly running minutes)
    closed_weeks: list[dict[str, Any]] = field(default_factory=list)  # their final rows
    strength: dict[str, StrengthSummary] = field(default_factory=dict)
    statuses: StatusWeeks = field(default_factory=StatusWeeks)
    advanced: bool = False  # some session moved the plan on (RUN-ADV-G)
    zone4_date: date | None = None  # the latest session made red by the next morning
    last_date: date | None = None  # the date of the latest event folded
    # FORM-CAD: the cadence the runner's watch measured on the latest runs (fold order).
    measured_cadence: list[int] = field(default_factory=list)
    # RUN-P1/RUN-P2: the day a clinician last set where running starts (a `settings` event
    # with `start_step`), and whether the plan moved there (not during a stall or after a
    # red session).
    start_set: date | None = None
    start_applied: bool = False
    # v3 ---------------------------------------------------------------------------------
    # ZONE-BASE: the `pain_before` of the runs and walks of the latest 14 days (date, pain).
    recent_before: list[tuple[date, int]] = field(default_factory=list)
    last_before: int | None = None  # the latest `pain_before` of any session
    # ZONE-TREND: each calendar week's weekly pain (Monday -> the latest pain_week_avg).
    week_pain: dict[str, float] = field(default_factory=dict)
    # FORM-CAD-CAP: the first measured cadences (at most five), which set the band.
    first_cadences: list[int] = field(default_factory=list)
    # RUN-BREAK: the latest step back after a break (for the explanation), as JSON data.
    break_applied: dict[str, Any] | None = None
    # RUN-OVER: the days of runs that did not move the plan on because of how they were run.
    over_dates: list[date] = field(default_factory=list)
    # RUN-WALK-RED: tolerated walks still to go at the shorter length after a red walk.
    short_walks_left: int = 0
    # RUN-ALT: cycling and swimming sessions (for the runner's history), and the latest dose.
    cross: list[dict[str, Any]] = field(default_factory=list)
    cross_dose_min: int | None = None
    # FUNC-1..3: each activity id -> {"activity", "first", "latest", "active"}.
    function: dict[str, dict[str, Any]] = field(default_factory=dict)
    # LIFE-1: the latest weekly status's answers (sleep_poor, stress_high, sat_most).
    life: dict[str, Any] = field(default_factory=dict)
    # TRIAGE-CLEAR: emergency flags a runner's report could not lift (the symptom remains,
    # or a stored `"by": "doctor"`), so the guidance says why it asks again.
    asked_again: list[str] = field(default_factory=list)

    @property
    def latest(self) -> SessionRecord | None:
        return self.records[self.order[-1]] if self.order else None


def initial_state(profile: Profile, settings: ClinicSettings) -> FoldState:
    """The state before any event: the intake answers and the clinic's numbers."""
    answers = Answers(
        profile.comfortable_position,
        profile.resting_pain,
        profile.settle_time_min,
        profile.radiating_leg_pain,
        profile.sleep_or_daily_life_affected,
        profile.unsure_what_is_allowed,
        profile.wants_structured_plan,
    )
    goal_min, goal_runs = goal_from(profile)
    settings = dataclasses.replace(settings, goal_weekly_min=goal_min, goal_runs_per_week=goal_runs)
    return FoldState(
        function={
            item.id: {
                "activity": item.activity,
                "first": item.score,
                "latest": item.score,
                "active": True,
            }
            for item in profile.function
        },
        profile=profile,
        settings=settings,
        answers=answers,
        plan=start_state(
            walking_tolerated=profile.walking_tolerated is True, start_step=settings.start_step
        ),
        open_flags={f: profile.start_date for f in profile.red_flags},
        weeks_from=profile.start_date - timedelta(days=profile.start_date.weekday()),
        start_set=profile.start_date if settings.start_step else None,
        start_applied=bool(settings.start_step),
        flag_history=(
            [{"date": profile.start_date.isoformat(), "flags": list(profile.red_flags)}]
            if profile.red_flags
            else []
        ),
    )


# RUN-GOAL (v3) [derived]: a runner new to running aims at 3 x 30 minutes by default.
NEW_RUNNER_GOAL = (90, 3)


def goal_from(profile: Profile) -> tuple[int, int]:
    """RUN-GOAL: the goal's weekly minutes and runs a week from the intake: the weekly
    target, else the usual running, else (new to running) 3 x 30 min; (0, 0) without."""
    minutes = profile.goal_weekly_min or profile.usual_weekly_min
    runs = profile.goal_runs_per_week or profile.usual_runs_per_week
    if not minutes and profile.new_to_running:
        minutes, runs = NEW_RUNNER_GOAL[0], runs or NEW_RUNNER_GOAL[1]
    if not minutes:
        return 0, 0
    return minutes, runs or NEW_RUNNER_GOAL[1]


# --- JSON ---------------------------------------------------------------------------------


class StateVersionError(ValueError):
    """A stored state from another engine version (or not a state at all): fold again."""


def state_to_json(state: FoldState) -> dict[str, Any]:
    """The state as JSON-ready data, tagged with the engine version."""
    return {"engine_version": ENGINE_VERSION, "state": _encode(state)}


def state_from_json(data: Any) -> FoldState:
    """The state stored by `state_to_json`; StateVersionError when it cannot be used."""
    if not isinstance(data, dict) or data.get("engine_version") != ENGINE_VERSION:
        raise StateVersionError("the stored state is from another engine version")
    try:
        state = _decode(FoldState, data["state"])
    except (KeyError, TypeError, ValueError) as error:
        raise StateVersionError(f"the stored state cannot be read: {error}") from None
    assert isinstance(state, FoldState)
    return state


# The codec runs on every check-in and on the first page of a new day, so each type's
# decoder is made once (from the dataclasses' hints) and the encoder takes the plain JSON
# values first. The property tests check that a state survives the round trip exactly.
_PLAIN = frozenset({str, int, float, bool, type(None)})  # exact types: an Enum is not plain
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return [_encode(v) for v in value]
    if kind is dict:
        return {str(k): _encode(v) for k, v in value.items()}
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _encode(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


Decoder = Callable[[Any], Any]
_DECODERS: dict[Any, Decoder] = {}


def _same(data: Any) -> Any:
    return data


def _decode(tp: Any, data: Any) -> Any:
    """Data made by `_encode`, back into the type `tp` (from the dataclasses' hints)."""
    return _decoder(tp)(data)


def _decoder(tp: Any) -> Decoder:
    """The function that decodes data of type `tp`, made once per type."""
    found = _DECODERS.get(tp)
    if found is None:
        found = _DECODERS[tp] = _make_decoder(tp)
    return found


def _make_decoder(tp: Any) -> Decoder:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(tp)
    if origin is Literal or tp is Any:
        return _same
    if origin in (list, tuple, dict):
        return _container_decoder(origin, typing.get_args(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if tp is date:
        return date.fromisoformat
    return _same


def _union_decoder(tp: Any) -> Decoder:
    """`X | None` decodes X or None; other unions (int | float) are plain JSON values."""
    options = typing.get_args(tp)
    real = [o for o in options if o is not type(None)]
    if len(real) != 1:
        return _same
    inner = _decoder(real[0])
    if type(None) in options:
        return lambda data: None if data is None else inner(data)
    return inner


def _container_decoder(origin: Any, args: tuple[Any, ...]) -> Decoder:
    """Lists, tuples (of one type, or of fixed parts) and dicts, item by item."""
    if origin is list:
        item = _decoder(args[0])
        return list if item is _same else lambda data: [item(v) for v in data]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            each = _decoder(args[0])
            return lambda data: tuple(each(v) for v in data)
        parts = [_decoder(a) for a in args]
        return lambda data: tuple(d(v) for d, v in zip(parts, data, strict=True))
    key, value = _decoder(args[0]), _decoder(args[1])
    return lambda data: {key(k): value(v) for k, v in data.items()}


def _dataclass_decoder(cls: type) -> Decoder:
    """Its fields' decoders are found on first use (a dataclass may refer to itself)."""
    fields: list[tuple[str, Decoder]] = []

    def decode(data: Any) -> Any:
        if not fields:
            hints = typing.get_type_hints(cls)
            fields.extend(
                (f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls) if f.init
            )
        return cls(**{name: decoder(data[name]) for name, decoder in fields})

    return decode
