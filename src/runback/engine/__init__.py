"""The rehab engine: a pure fold of a runner's history into today's state and advice.

No Django, no I/O, no clock. Every clinical rule of the product lives in this package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runback.engine.fold import evaluate
from runback.engine.io import InvalidInput, read_case
from runback.engine.models import Case
from runback.engine.rules import RULE_IDS
from runback.engine.settings import ClinicSettings, SettingsError

__all__ = ["RULE_IDS", "Case", "ClinicSettings", "InvalidInput", "SettingsError", "evaluate",
           "read_case", "simulate"]


def simulate(case: Mapping[str, Any]) -> dict[str, Any]:
    """Read a case in the engine contract's JSON shape and return the advice.

    Raises InvalidInput (with `.field` and `.message`) when the case cannot be read.
    """
    return evaluate(read_case(case))
