""" "The same kind on the same date" (a second tab, a second tap): asked before it is saved."""

from __future__ import annotations

from typing import Any

from runback import engine
from runback.engine.history import Chain


# What makes two entries "the same kind on the same date" (a second tab, a second tap).
def duplicate_key(payload: dict[str, Any]) -> tuple[str, ...] | None:
    kind = payload.get("type")
    if kind in {"run", "walk"}:
        return ("session", str(payload.get("date")))
    if kind == "strength":
        return ("strength", str(payload.get("exercise")), str(payload.get("date")))
    if kind == "status":
        return ("status", str(payload.get("date")))
    if kind == "followup":  # a second answer for the same session (a 48-hour one is fine)
        return ("followup", str(payload.get("session")))
    return None


def live_duplicates_of(
    new: list[dict[str, Any]], chains: dict[str, Chain], history: list[dict[str, Any]]
) -> list[int]:
    """Indexes (into history) of live entries of the same kind and date as a new one."""
    wanted = {duplicate_key(p) for p in new if "replaces" not in p} - {None}
    if not wanted:
        return []
    latest = {c.latest for c in chains.values() if c.live}
    return sorted(i for i in latest if duplicate_key(history[i]) in wanted)


def may_duplicate_stored_state(
    resumed: tuple[int, engine.FoldState], payloads: list[dict[str, Any]]
) -> bool:
    """Could a new entry be of the same kind and date as a live one? Read from the state
    (its open sessions and summaries); if so, the slow path asks with the exact entries."""
    _seq, state = resumed
    for p in payloads:
        when = str(p.get("date", ""))
        kind = p.get("type")
        if kind in ("run", "walk") and any(
            r.session.date.isoformat() == when for r in state.records.values()
        ):
            return True
        if kind == "strength":
            summary = state.strength.get(str(p.get("exercise")))
            if summary is not None and summary.last_date.isoformat() == when:
                return True
        last_status = state.statuses.last_date
        if kind == "status" and last_status is not None and last_status.isoformat() == when:
            return True
        if kind == "followup":
            record = state.records.get(str(p.get("session")))
            if record is not None and record.answers > 0:
                return True
    return False
