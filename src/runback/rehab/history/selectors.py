"""What the history pages show: the rows of the history (each entry's state worked out
from its chain of corrections and withdrawals), and what withdrawing an entry takes with
it. The views render these; none of them works out chains."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from runback.accounts.models import User
from runback.engine.history import Chain
from runback.rehab import selectors
from runback.rehab.models import EventType

HISTORY_LIMIT = 200

# The entries a runner may correct or withdraw.
CORRECTABLE = {
    EventType.RUN,
    EventType.WALK,
    EventType.FOLLOWUP,
    EventType.STRENGTH,
    EventType.STATUS,
}


def history_rows(
    *, viewer: User | AnonymousUser, runner: User, every: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every entry, newest first (at most HISTORY_LIMIT), with its state following the
    order of the events: the latest version of an entry can be corrected or withdrawn
    (`link_id` is the entry's first id); earlier versions, withdrawn entries and
    corrections recorded after a withdrawal (which count for nothing) are marked as such.
    Each next-morning answer is nested under its session (`followups`). `every` is the
    advice with every session's result (for the zones)."""
    events, chains = selectors.entry_chains_for(viewer=viewer, runner=runner)
    rows: list[dict[str, Any]] = []
    latest_rows: dict[int, dict[str, Any]] = {}  # id(chain) -> the row of its latest version
    for index in range(len(events) - 1, -1, -1):
        if len(rows) >= HISTORY_LIMIT:
            break
        event = events[index]
        chain = chains.get(event.event_id)
        if event.type == EventType.WITHDRAW or chain is None:
            continue
        latest = chain.latest == index
        ignored = index in chain.ignored
        live = latest and chain.live
        session = selectors.session_in(every, chain, events) if live else None
        row: dict[str, Any] = {
            "event": event,
            "link_id": chain.root,
            "zone": (session or {}).get("zone"),
            "withdrawn": latest and not chain.live,
            "superseded": not latest and not ignored,
            "ignored": ignored,
            "correctable": event.type in CORRECTABLE and live,
            "corrected": latest and len(chain.versions) > 1,
            "followups": [],
        }
        if latest:
            latest_rows[id(chain)] = row
        rows.append(row)
    return _nest_followups(rows, chains, latest_rows)


def _nest_followups(
    rows: list[dict[str, Any]],
    chains: dict[str, Chain],
    latest_rows: dict[int, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Show each next-morning answer under the latest version of its session."""
    top = []
    for row in rows:
        event = row["event"]
        parent = None
        if event.type == EventType.FOLLOWUP:
            chain = chains.get(str(event.payload.get("session")))
            parent = latest_rows.get(id(chain)) if chain is not None else None
            if parent is not None and parent["event"].type not in {EventType.RUN, EventType.WALK}:
                parent = None
        if parent is not None:
            parent["followups"].append(row)
        else:
            top.append(row)
    return top


def live_followups_of(entry: selectors.EntryChain) -> int:
    """How many live next-morning answers follow up the entry (withdrawing a session
    leaves them counting for nothing)."""
    return sum(
        1
        for chain in {id(c): c for c in entry.chains.values()}.values()
        if chain.live
        and entry.events[chain.latest].type == EventType.FOLLOWUP
        and entry.chains.get(str(entry.events[chain.latest].payload.get("session"))) is entry.chain
    )
