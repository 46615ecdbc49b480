"""A runner's raw history read as entries: each entry and its corrections form a chain,
a withdrawal removes a chain. The one place these rules live: the engine reads a case
with them, and the web app shows the history with them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Chain:
    """An entry and its corrections, in the order they were recorded. Indexes point into
    the list of events (or payloads) the chains were built from, oldest first.

    A correction names any id of the chain (`replaces`) and takes the place of the
    latest version; the chain keeps its first id (`root`). A withdrawal (any id of the
    chain as `target`) removes the whole chain; a correction recorded after it is
    ignored (`ignored`), and so is a second withdrawal (`repeated`)."""

    root: str
    versions: list[int] = field(default_factory=list)
    withdrawn: int | None = None
    ignored: list[int] = field(default_factory=list)
    repeated: list[int] = field(default_factory=list)

    @property
    def latest(self) -> int:
        return self.versions[-1]

    @property
    def live(self) -> bool:
        return self.withdrawn is None


def chains_of(payloads: Sequence[Mapping[str, Any]]) -> dict[str, Chain]:
    """Every id (of an entry or of a correction) -> its chain, following the order of
    the events. Withdrawals are not keys; they are found on their chain."""
    by_id: dict[str, Chain] = {}
    for index, payload in enumerate(payloads):
        event_id = str(payload.get("id") or f"#{index}")  # no id: nothing can name it
        if payload.get("type") == "withdraw":
            chain = by_id.get(str(payload.get("target")))
            if chain is not None:
                if chain.withdrawn is None:
                    chain.withdrawn = index
                else:
                    chain.repeated.append(index)
            continue
        replaces = payload.get("replaces")
        chain = by_id.get(str(replaces)) if replaces is not None else None
        if chain is None:
            by_id[event_id] = Chain(root=event_id, versions=[index])
            continue
        if chain.withdrawn is None:
            chain.versions.append(index)
        else:
            chain.ignored.append(index)
        by_id.setdefault(event_id, chain)  # older corrections reused the id they replaced
    return by_id


def effective_payloads(events_oldest_first: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Corrections replace, withdrawals remove (the same rule the engine applies). Each
    entry keeps the id of its first version, as in the engine's output."""
    chains = chains_of(events_oldest_first)
    live: list[dict[str, Any]] = []
    for chain in {id(c): c for c in chains.values()}.values():
        if chain.live:
            live.append({**events_oldest_first[chain.latest], "id": chain.root})
    session_ids = {p["id"] for p in live if p.get("type") in {"run", "walk"}}
    kept = []
    for payload in live:
        if payload.get("type") == "followup":
            session = chains.get(str(payload.get("session")))
            if session is None or session.root not in session_ids:
                continue
            payload["session"] = session.root
        kept.append(payload)
    return kept
