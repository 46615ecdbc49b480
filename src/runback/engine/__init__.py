"""The rehab engine: a pure fold of a runner's history into today's state and advice.

No Django, no I/O, no clock. Every clinical rule of the product lives in this package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runback.engine.advice import advise
from runback.engine.fold import fold_event, fold_events
from runback.engine.models import Case
from runback.engine.reading import InvalidInput, read_case, read_event
from runback.engine.rules import RULE_IDS
from runback.engine.settings import ClinicSettings, SettingsError
from runback.engine.state import (
    ENGINE_VERSION,
    FoldState,
    StateVersionError,
    initial_state,
    state_from_json,
    state_to_json,
)

__all__ = [
    "ENGINE_VERSION",
    "RULE_IDS",
    "Case",
    "ClinicSettings",
    "FoldState",
    "InvalidInput",
    "SettingsError",
    "StateVersionError",
    "advise",
    "evaluate",
    "fold_event",
    "fold_events",
    "initial_state",
    "read_case",
    "read_event",
    "simulate",
    "state_from_json",
    "state_to_json",
]


def evaluate(case: Case) -> dict[str, Any]:
    """A read case folded from the start, then advised at its `as_of`."""
    state = fold_events(initial_state(case.profile, case.settings), case.events)
    return advise(state, case.as_of, case.locale)


def simulate(case: Mapping[str, Any]) -> dict[str, Any]:
    """Read a case in the engine contract's JSON shape and return the advice.

    Raises InvalidInput (with `.field` and `.message`) when the case cannot be read.
    """
    return evaluate(read_case(case))
