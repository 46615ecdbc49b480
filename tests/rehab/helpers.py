"""Small helpers for the rehab tests (imported by module path, not a fixture file)."""

from __future__ import annotations

from typing import Any

from runback.accounts.models import User
from runback.rehab.models import Event, Snapshot


def stored(user: User) -> tuple[int, Any]:
    """What is stored for `user`: event count and the snapshot's output."""
    snapshot = Snapshot.objects.filter(runner=user).first()
    return Event.objects.filter(runner=user).count(), snapshot.output if snapshot else None


def pains(**values: Any) -> dict[str, Any]:
    return {"pain_before": 2, "pain_during": 2, "pain_after": 2, **values}
