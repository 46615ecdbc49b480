"""One entry of a runner's history read on its own, for the pages that show or correct
it: its chain of corrections and withdrawals from the events that name it, and the
engine's result for it from the snapshot or the stored session results. Never the whole
history (the chains follow `runback.engine.history.chains_of`, over fewer events)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.db.models.fields.json import KT

from runback.accounts.models import User
from runback.accounts.selectors import runner_visible_to
from runback.engine.history import chains_of
from runback.rehab.models import Event, EventType, SessionResult
from runback.rehab.selectors import EntryChain, session_in

SESSION_TYPES = {EventType.RUN, EventType.WALK}


def entry_around(*, viewer: User | AnonymousUser, runner: User, event_id: str) -> EntryChain | None:
    """The entry that `event_id` (any id of its chain) belongs to, if `viewer` may see
    the runner; for a next-morning answer also the chain of the session it answers
    (`EntryChain.session`). One query per link of the chain (usually one or two)."""
    found: dict[int, Event] = {}
    asked: set[str] = set()
    _follow_links(viewer, runner, {event_id}, found, asked)
    entry = _entry(found, event_id)
    answers = [] if entry is None else entry.chain.versions + entry.chain.ignored
    sessions = {
        str(entry.events[i].payload.get("session"))
        for i in answers
        if entry is not None and entry.events[i].type == EventType.FOLLOWUP
    }
    if sessions:
        _follow_links(viewer, runner, sessions, found, asked)
        entry = _entry(found, event_id)
    return entry


def _follow_links(
    viewer: User | AnonymousUser,
    runner: User,
    ids: set[str],
    found: dict[int, Event],
    asked: set[str],
) -> None:
    """Add to `found` every event linked to `ids`: carrying one of them, correcting one
    (`replaces`) or withdrawing one (`target`), and so on until no new id turns up. The
    chains of `ids` are then the same as over the whole history: an event outside these
    names none of their ids."""
    visible = runner_visible_to(user=viewer).filter(pk=runner.pk)
    wanted = set(ids)
    while new := sorted(wanted - asked):
        asked.update(new)
        linked = Event.objects.filter(runner__in=visible).filter(
            Q(payload__id__in=new) | Q(payload__replaces__in=new) | Q(payload__target__in=new)
        )
        for event in linked.exclude(pk__in=list(found)):
            found[event.pk] = event
            for key in ("id", "replaces", "target"):
                if event.payload.get(key) is not None:
                    wanted.add(str(event.payload[key]))


def _entry(found: dict[int, Event], event_id: str) -> EntryChain | None:
    events = sorted(found.values(), key=lambda e: e.seq)
    chains = chains_of([e.payload for e in events])
    chain = chains.get(event_id)
    return EntryChain(chain=chain, events=events, chains=chains) if chain is not None else None


def entry_session(
    entry: EntryChain, output: dict[str, Any], session_id: str
) -> dict[str, Any] | None:
    """The engine's session named by `session_id` (any id of its chain): open in the
    snapshot's `output`, else closed in the stored results (one query, by its ids)."""
    chain = entry.chains.get(session_id)
    if chain is None or entry.events[chain.versions[0]].type not in SESSION_TYPES:
        return None
    ids = sorted({entry.events[i].event_id for i in chain.versions})
    closed = SessionResult.objects.filter(
        runner_id=entry.events[0].runner_id, session_id__in=ids
    ).values_list("result", flat=True)
    every = {"sessions": [*closed, *output.get("sessions", [])]}
    return session_in(every, chain, entry.events)


def any_session(*, runner: User, output: dict[str, Any]) -> bool:
    """Whether the runner has logged a session: an open one in the snapshot, or a closed
    one stored (one EXISTS, only when none is open)."""
    return bool(output.get("sessions")) or SessionResult.objects.filter(runner=runner).exists()


def every_session_brief(*, runner: User, output: dict[str, Any]) -> list[dict[str, Any]]:
    """Every session's id, type and date, in the engine's order: the closed ones from the
    stored results (one query, without their reasons), then the open ones."""
    closed = (
        SessionResult.objects.filter(runner=runner)
        .order_by("id")
        .values_list("session_id", KT("result__type"), KT("result__date"))
    )
    return [
        *({"id": sid, "type": kind, "date": day} for sid, kind, day in closed),
        *output.get("sessions", []),
    ]
