"""Withdrawing an entry (a new event; nothing is ever deleted)."""

from __future__ import annotations

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab.checkin.errors import AlreadyWithdrawn
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import (
    Event,
)


def entry_withdraw(
    *, runner: User, author: User, entry_id: str, token: str | None = None
) -> tuple[Event, bool]:
    """Withdraw an entry (any id of its chain). Idempotent: if it is withdrawn already,
    nothing is written and the earlier withdrawal is returned with False."""
    payload = {"type": "withdraw", "date": today().isoformat(), "target": entry_id}
    try:
        event, _snapshot = event_record(runner=runner, author=author, payload=payload, token=token)
    except AlreadyWithdrawn as already:
        return already.event, False
    return event, True
