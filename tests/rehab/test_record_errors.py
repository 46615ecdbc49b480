"""A refusal of the engine carries its code to the web layer (issue 17: branch on the
engine's code, never on its English wording)."""

from __future__ import annotations

from runback import engine
from runback.rehab.checkin.errors import record_error_from


def test_a_record_error_carries_the_engines_field_and_code() -> None:
    error = record_error_from(
        engine.InvalidInput("events.3.session", "names no earlier session", "unknown_session")
    )
    assert (error.field, error.path, error.code) == (
        "session",
        "events.3.session",
        "unknown_session",
    )
    assert error.code in engine.ERROR_CODES
