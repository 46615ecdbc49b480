"""The engine run over a runner's record: the whole history from the start, or only the
new events onto the stored state. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from runback import engine
from runback.accounts.helplines import engine_settings_for
from runback.accounts.models import User
from runback.rehab.checkin.errors import record_error_from
from runback.rehab.models import (
    Event,
    Snapshot,
)


def simulate_whole_history(
    *, answers: dict[str, Any], payloads: list[dict[str, Any]], as_of: date, runner: User
) -> engine.Output:
    """The engine's whole output for the whole history (`simulate`), as a check."""
    case = {"as_of": as_of.isoformat(), "profile": answers, "events": payloads}
    case["settings"] = engine_settings_for(runner)  # the numbers the engine's texts quote
    try:
        return engine.simulate(case)
    except engine.InvalidInput as error:
        raise record_error_from(error) from None


@dataclass
class Folded:
    """A runner's fold: the engine state (open sessions only), today's advice, and the
    results of the sessions the fold closed (to be stored once, as SessionResult rows)."""

    state: engine.FoldState
    advice: engine.Output
    closed: list[dict[str, Any]]
    closed_weeks: list[dict[str, Any]]


def fold_whole_history(
    *, answers: dict[str, Any], payloads: list[dict[str, Any]], as_of: date, runner: User
) -> Folded:
    """The whole history folded from the start (an intake, a correction, a withdrawal, a
    back-dated entry, a new engine version)."""
    case = {"as_of": as_of.isoformat(), "profile": answers, "events": payloads}
    case["settings"] = engine_settings_for(runner)
    try:
        read = engine.read_case(case)
    except engine.InvalidInput as error:
        raise record_error_from(error) from None
    state = engine.fold_events(engine.initial_state(read.profile, read.settings), read.events)
    return advise_and_take_closed(state, as_of)


def advise_and_take_closed(state: engine.FoldState, as_of: date) -> Folded:
    """Today's advice; the results the fold closed leave the state for their tables."""
    closed, state.closed_sessions = state.closed_sessions, []
    weeks, state.closed_weeks = state.closed_weeks, []
    return Folded(state, engine.advise(state, as_of, "da"), closed, weeks)


def state_advice(*, runner: User, snapshot: Snapshot, as_of: date) -> engine.Output | None:
    """Today's advice from the stored state, without writing anything (a new day needs no
    new event); None when there is no usable state (then the caller refolds)."""
    try:
        state = engine.state_from_json(snapshot.state)
    except engine.StateVersionError:
        return None
    state.settings = state.settings.with_changes(engine_settings_for(runner))
    return engine.advise(state, max(as_of, state.last_date or as_of), "da")


def recorded_payloads(runner: User) -> list[dict[str, Any]]:
    return list(
        Event.objects.filter(runner=runner).order_by("seq").values_list("payload", flat=True)
    )


def fold_new_onto_state(
    state: engine.FoldState, new: list[dict[str, Any]], *, seq0: int, as_of: date
) -> Folded:
    """Check and fold only the new events onto the stored state."""
    events = []
    for offset, payload in enumerate(new):
        where = f"events.{seq0 + offset}"
        try:
            event, _replaces, _withdrawn = engine.read_event(payload, where)
        except engine.InvalidInput as error:
            recorded = record_error_from(error)
            recorded.index = offset
            raise recorded from None
        assert event is not None  # a withdrawal is never resumed
        events.append((event.date, offset, event))
    for _date, _offset, event in sorted(events, key=lambda t: (t[0], t[1])):
        state = engine.fold_event(state, event)
    return advise_and_take_closed(state, as_of)


def new_event_index(path: str, history_length: int) -> int | None:
    """ "events.12.load_kg" -> the position of event 12 among the new ones, if it is new."""
    parts = path.split(".")
    if len(parts) >= 2 and parts[0] == "events" and parts[1].isdigit():
        index = int(parts[1]) - history_length
        return index if index >= 0 else None
    return None
