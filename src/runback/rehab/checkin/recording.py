"""Everything that changes a runner's rehab record. Each function is one transaction:
lock the runner's record, store the event (append-only), fold it onto the stored state
(or fold the whole history: a correction, a withdrawal, a back-dated entry, a new engine
version), store the snapshot, the closed results and the progress entries, leave an audit
entry. If the engine refuses the input, nothing is written.
"""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction

from runback import engine
from runback.accounts.helplines import engine_settings_for
from runback.accounts.models import AuditEntry, User
from runback.common.clock import today
from runback.engine.history import Chain, chains_of
from runback.rehab.checkin.duplicates import live_duplicates_of, may_duplicate_stored_state
from runback.rehab.checkin.errors import (
    AlreadyWithdrawn,
    EntryWithdrawn,
    NoProfile,
    PossibleDuplicate,
    RecordError,
    SnapshotMoved,
    TokenReused,
)
from runback.rehab.checkin.folding import (
    fold_new_onto_state,
    fold_whole_history,
    new_event_index,
    recorded_payloads,
)
from runback.rehab.checkin.snapshots import store_snapshot
from runback.rehab.models import (
    Event,
    RunnerProfile,
    Snapshot,
)


def event_record(
    *,
    runner: User,
    author: User,
    payload: dict[str, Any],
    token: str | None = None,
    check_duplicates: bool = False,
    seen: Snapshot | None = None,
) -> tuple[Event, Snapshot]:
    """Append one event (contract shape, without `id`: it is given here) and fold.

    Every event gets its own id, `e<seq>`. A correction names the entry it corrects
    (`replaces`, any id of its chain of corrections; stored as the id of the version it
    replaces); a withdrawal names its `target` the same way.

    `token` makes a double submit harmless: the same token with the same data records
    one event; with other data it raises TokenReused (the first data is kept).
    `check_duplicates` raises PossibleDuplicate when an entry of the same kind and date
    exists. Raises RecordError (nothing written) if the engine refuses the new history,
    EntryWithdrawn for a correction of a withdrawn entry, AlreadyWithdrawn for a second
    withdrawal, and NoProfile before the intake.

    `seen` is the snapshot the caller has read (the page's): the new event is folded onto
    it without reading it again; if it was replaced meanwhile, the snapshot's update finds
    that out and the check-in is folded again from the whole history.
    """
    events, snapshot = events_record(
        runner=runner,
        author=author,
        payloads=[payload],
        token=token,
        check_duplicates=check_duplicates,
        seen=seen,
    )
    return events[0], snapshot


def events_record(
    *,
    runner: User,
    author: User,
    payloads: list[dict[str, Any]],
    token: str | None = None,
    check_duplicates: bool = False,
    seen: Snapshot | None = None,
) -> tuple[list[Event], Snapshot]:
    """Append several events at once (one form, e.g. a whole strength session): one
    fold, one snapshot, one transaction. The token is kept on the first event."""
    if not payloads:
        raise ValueError("nothing to record")
    digest = form_digest(payloads)
    record = functools.partial(
        record_in_one_transaction,
        runner=runner,
        author=author,
        payloads=payloads,
        token=token,
        digest=digest,
        check_duplicates=check_duplicates,
    )

    def replayed() -> tuple[list[Event], Snapshot] | None:
        if not token:
            return None
        return events_first_sent_with(
            runner=runner, token=token, digest=digest, count=len(payloads)
        )

    # No look-up first. The unique (runner, client_token) refuses a form sent twice; the
    # unique (runner, seq) a state that is behind the events (another check-in came first);
    # the snapshot's update a page's snapshot that was replaced (SnapshotMoved). Each
    # conflict falls to the next attempt: onto the page's snapshot, onto the stored one
    # read under the lock, then the whole history folded again.
    attempts: list[tuple[bool, Snapshot | None]] = [(True, seen)] if seen is not None else []
    attempts += [(True, None), (False, None)]  # (resume, the snapshot to start from)
    for number, (resume, page) in enumerate(attempts, start=1):
        try:
            return record(resume=resume, seen=page)
        except (IntegrityError, SnapshotMoved):
            if (replay := replayed()) is not None:  # a form sent twice: the first counts
                return replay
            if number == len(attempts):
                raise
        except (RecordError, PossibleDuplicate, EntryWithdrawn, AlreadyWithdrawn):
            # A form sent again after its first sending was recorded: what was recorded then
            # counts (TokenReused if the data differs), not what this sending would now say.
            if (replay := replayed()) is not None:
                return replay
            raise
    raise AssertionError("the last attempt returns or raises")


def form_digest(payloads: list[dict[str, Any]]) -> str:
    """A fingerprint of the data a form sent, to tell a replay from a changed form."""
    text = json.dumps(payloads, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def events_first_sent_with(
    *, runner: User, token: str, digest: str, count: int
) -> tuple[list[Event], Snapshot] | None:
    """The events first recorded with `token` (a form sent again), or None."""
    first = Event.objects.filter(runner=runner, client_token=token).first()
    if first is None:
        return None
    events = list(
        Event.objects.filter(runner=runner, seq__gte=first.seq, seq__lt=first.seq + count).order_by(
            "seq"
        )
    )
    if first.client_hash and first.client_hash != digest:
        raise TokenReused(events)
    return events, Snapshot.objects.get(runner=runner)


def point_at_latest_version(
    payload: dict[str, Any], chains: dict[str, Chain], history: list[dict[str, Any]], runner: User
) -> None:
    """Point a correction or a withdrawal at the latest version of its entry; refuse a
    correction of a withdrawn entry and a second withdrawal."""
    if payload.get("type") == "withdraw":
        chain = chains.get(str(payload.get("target")))
        if chain is None:
            return  # the engine says what is wrong
        if chain.withdrawn is not None:
            raise AlreadyWithdrawn(Event.objects.get(runner=runner, seq=chain.withdrawn + 1))
        payload["target"] = history[chain.latest]["id"]
    elif "replaces" in payload:
        chain = chains.get(str(payload["replaces"]))
        if chain is None:
            return
        if chain.withdrawn is not None:
            raise EntryWithdrawn
        payload["replaces"] = history[chain.latest]["id"]


@transaction.atomic
def record_in_one_transaction(
    *,
    runner: User,
    author: User,
    payloads: list[dict[str, Any]],
    token: str | None,
    digest: str,
    check_duplicates: bool,
    resume: bool,
    seen: Snapshot | None,
) -> tuple[list[Event], Snapshot]:
    snapshot = lock_runner_record(runner, seen if resume else None)
    as_of = today()
    resumed = (
        state_to_resume(runner=runner, snapshot=snapshot, payloads=payloads, as_of=as_of)
        if resume
        else None
    )
    if resumed is not None and not (
        check_duplicates and may_duplicate_stored_state(resumed, payloads)
    ):
        seq0, state = resumed
        new = [
            {"id": f"e{seq0 + offset}", **{k: v for k, v in raw.items() if k != "id"}}
            for offset, raw in enumerate(payloads, start=1)
        ]
        folded = fold_new_onto_state(state, new, seq0=seq0, as_of=as_of)
        refolded, entries = False, new
    else:
        history = recorded_payloads(runner)
        seq0 = len(history)
        new = new_events_from_history(payloads, history, runner, check_duplicates=check_duplicates)
        try:
            entries = [*history, *new]
            folded = fold_whole_history(
                answers=intake_answers(runner), payloads=entries, as_of=as_of, runner=runner
            )
        except RecordError as error:
            error.index = new_event_index(error.path, seq0)
            raise
        refolded = True
    # One INSERT for the events and one for their audit entries (`bulk_create`: no
    # model save machinery; the unique (runner, seq) and (runner, client_token) still
    # refuse a state that is behind or a form sent twice).
    events = Event.objects.bulk_create(
        Event(
            runner=runner,
            seq=seq0 + offset,
            type=payload["type"],
            payload=payload,
            author=author,
            client_token=(token or None) if offset == 1 else None,
            client_hash=digest if token and offset == 1 else "",
        )
        for offset, payload in enumerate(new, start=1)
    )
    AuditEntry.objects.bulk_create(
        runner.audit_entry_build(
            f"rehab.event.{event.type}",
            actor=author,
            data={"event": event.event_id, "seq": event.seq},
        )
        for event in events
    )
    before = (snapshot.output.get("next_run") or {}).get("description") if snapshot else None
    snapshot = store_snapshot(
        runner=runner,
        folded=folded,
        as_of=as_of,
        folded_seq=seq0 + len(new),
        refolded=refolded,
        entries=entries,
        snapshot=snapshot,
        before={"event": new[0]["id"], "next_run": before},
    )
    return events, snapshot


def lock_runner_record(runner: User, seen: Snapshot | None) -> Snapshot | None:
    """Make this transaction the only writer of the runner's record, then return the
    snapshot to fold onto: `seen` (the page's) as it is, else the stored one. Whether
    `seen` is still the stored one is checked by its update at the end, which then
    raises SnapshotMoved (see `store_snapshot`), and by the unique sequence number.

    On PostgreSQL every writer locks the runner's profile row first, in a statement of its
    own: a later statement then sees what the writer before committed (a statement that
    waits for a lock still reads the other tables as they were when it began). On SQLite
    the transaction itself is the lock (BEGIN IMMEDIATE, see the settings)."""
    if connection.features.has_select_for_update:
        locked = RunnerProfile.objects.select_for_update().filter(runner=runner)
        if locked.values_list("pk", flat=True).first() is None:
            raise NoProfile
    if seen is not None and seen.pk is not None:
        return seen
    snapshot = Snapshot.objects.filter(runner=runner).first()
    if snapshot is None and not RunnerProfile.objects.filter(runner=runner).exists():
        raise NoProfile
    return snapshot


def intake_answers(runner: User) -> dict[str, Any]:
    """The intake answers (read under the lock, for a whole refold)."""
    answers: dict[str, Any] = RunnerProfile.objects.get(runner=runner).answers
    return answers


def new_events_from_history(
    payloads: list[dict[str, Any]],
    history: list[dict[str, Any]],
    runner: User,
    *,
    check_duplicates: bool,
) -> list[dict[str, Any]]:
    """The new events with their ids, corrections and withdrawals pointed at their chain,
    after the duplicate question (the slow path, which reads the history)."""
    chains = chains_of(history)
    new: list[dict[str, Any]] = []
    for offset, raw in enumerate(payloads, start=1):
        # Every event its own id; a correction links to the version it replaces.
        payload = {"id": f"e{len(history) + offset}", **{k: v for k, v in raw.items() if k != "id"}}
        point_at_latest_version(payload, chains, history, runner)
        new.append(payload)
    if check_duplicates:
        found = live_duplicates_of(new, chains, history)
        if found:
            seqs = [i + 1 for i in found]
            raise PossibleDuplicate(
                list(Event.objects.filter(runner=runner, seq__in=seqs).order_by("seq"))
            )
    return new


# Events that may be folded onto the stored state; anything else (a correction, a
# withdrawal, a clinician's settings) refolds the whole history.
RESUMABLE = frozenset({"walk", "run", "followup", "strength", "status", "red_flag", "cleared"})


def state_to_resume(
    *, runner: User, snapshot: Snapshot | None, payloads: list[dict[str, Any]], as_of: date
) -> tuple[int, engine.FoldState] | None:
    """The stored state and its last sequence number, when the new events can simply be
    folded onto it: plain new entries dated on or after the last folded date (and not
    after today), and the same engine. (That nothing was recorded since the state was
    stored is checked by the insert: see below.)"""
    if snapshot is None or snapshot.state is None:
        return None
    try:
        state = engine.state_from_json(snapshot.state)
    except engine.StateVersionError:
        return None
    last = state.last_date.isoformat() if state.last_date else ""
    for payload in payloads:
        when = str(payload.get("date", ""))
        if payload.get("type") not in RESUMABLE or "replaces" in payload:
            return None
        if not last <= when <= as_of.isoformat():
            return None
        if payload.get("type") == "followup" and payload.get("session") not in state.records:
            return None  # an older or renamed session: the whole history knows it
    # Events recorded after the state was stored would take the next sequence numbers:
    # the unique (runner, seq) refuses the insert and the caller folds everything again.
    state.settings = state.settings.with_changes(engine_settings_for(runner))
    return snapshot.folded_seq, state
