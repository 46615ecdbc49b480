"""The rehab engine: a pure fold of a runner's history into today's state and advice.

No Django, no I/O, no clock. Every clinical rule of the product lives in this package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runback.engine.advice import advise
from runback.engine.fold import fold_event, fold_events
from runback.engine.models import BANDS, Case
from runback.engine.output import Output
from runback.engine.reading import ERROR_CODES, InvalidInput, read_case, read_event
from runback.engine.rules import (
    RULE_IDS,
    TRIAGE_ADVISE,
    TRIAGE_EMERGENCY,
    TRIAGE_FLAGS,
    TRIAGE_PAUSING,
    TRIAGE_PROMPT,
)
from runback.engine.settings import ClinicSettings, SettingsError
from runback.engine.state import (
    ENGINE_VERSION,
    FoldState,
    StateVersionError,
    initial_state,
    state_from_json,
    state_to_json,
)
from runback.engine.strength import BAND_EXERCISES
from runback.engine.triage import (
    ASKED_FLAGS,
    DERIVED_FLAGS,
    FLAG_LEVELS,
    INFLAMMATORY_MIN,
    INFLAMMATORY_SIGNS,
    derived_flags,
    first_time_asked,
    flag_level,
    in_flag_order,
    inflammatory_asked,
)

__all__ = [
    "ASKED_FLAGS",
    "BANDS",
    "BAND_EXERCISES",
    "DERIVED_FLAGS",
    "ENGINE_VERSION",
    "ERROR_CODES",
    "FLAG_LEVELS",
    "INFLAMMATORY_MIN",
    "INFLAMMATORY_SIGNS",
    "RULE_IDS",
    "TRIAGE_ADVISE",
    "TRIAGE_EMERGENCY",
    "TRIAGE_FLAGS",
    "TRIAGE_PAUSING",
    "TRIAGE_PROMPT",
    "Case",
    "ClinicSettings",
    "FoldState",
    "InvalidInput",
    "Output",
    "SettingsError",
    "StateVersionError",
    "advise",
    "advise_output",
    "derived_flags",
    "evaluate",
    "evaluate_output",
    "first_time_asked",
    "flag_level",
    "fold_event",
    "fold_events",
    "in_flag_order",
    "inflammatory_asked",
    "initial_state",
    "read_case",
    "read_event",
    "simulate",
    "simulate_output",
    "state_from_json",
    "state_to_json",
]


def evaluate(case: Case) -> Output:
    """A read case folded from the start, then advised at its `as_of`."""
    state = fold_events(initial_state(case.profile, case.settings), case.events)
    return advise(state, case.as_of, case.locale)


def simulate(case: Mapping[str, Any]) -> Output:
    """Read a case in the engine contract's JSON shape and return the advice.

    Raises InvalidInput (with `.field`, `.message` and `.code`) when the case cannot be read.
    """
    return evaluate(read_case(case))


# The typed names of the engine branch; advise, evaluate and simulate return Output too.
advise_output = advise
evaluate_output = evaluate
simulate_output = simulate
