"""Why a check-in was not recorded (nothing is written in any of these cases)."""

from __future__ import annotations

from runback import engine
from runback.engine.parsing import ErrorCode
from runback.rehab.models import (
    Event,
)


class RecordError(Exception):
    """The engine refused the input; `field` is the form field it is about, `code` the
    engine's reason (`engine.ERROR_CODES`: branch on it, never on the English `message`)."""

    def __init__(
        self, field: str, message: str, path: str = "", code: ErrorCode = "invalid_value"
    ) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.path = path or field
        self.code: ErrorCode = code
        self.index: int | None = None  # which of the new events, when several


class SnapshotMoved(Exception):
    """The snapshot a resumed check-in started from was replaced before it was stored (an
    intake edit or a refresh in between): the check-in is folded again from the history."""


class NoProfile(Exception):
    """The runner has not answered the intake yet."""


class EntryWithdrawn(Exception):
    """A correction of an entry that is withdrawn (nothing written)."""


class AlreadyWithdrawn(Exception):
    """The entry was withdrawn before; `event` is that withdrawal (nothing written)."""

    def __init__(self, event: Event) -> None:
        super().__init__(event.event_id)
        self.event = event


class TokenReused(Exception):
    """The form was sent before with other data: the first data is kept (`events`),
    the new data is not written."""

    def __init__(self, events: list[Event]) -> None:
        super().__init__(events[0].event_id)
        self.events = events


class PossibleDuplicate(Exception):
    """An entry of the same kind and date exists (`existing`, live events); nothing is
    written until the runner confirms that this is another one."""

    def __init__(self, existing: list[Event]) -> None:
        super().__init__(", ".join(e.event_id for e in existing))
        self.existing = existing


def record_error_from(error: engine.InvalidInput) -> RecordError:
    parts = error.field.split(".")
    # "events.7.pain" -> "pain"; "profile.resting_pain" -> "resting_pain"
    field = parts[-1] if parts[-1] else error.field
    return RecordError(field, error.message, path=error.field, code=error.code)
