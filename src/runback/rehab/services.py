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
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from runback import engine
from runback.accounts.helplines import engine_settings_for
from runback.accounts.models import User
from runback.common.clock import today
from runback.engine.history import Chain, chains_of, effective_payloads
from runback.rehab.charts import CHARTED
from runback.rehab.models import (
    Event,
    ProgressEntry,
    RunnerProfile,
    SessionResult,
    Snapshot,
    WeekResult,
)
from runback.rehab.signals import snapshot_stored


class RecordError(Exception):
    """The engine refused the input; `field` is the form field it is about."""

    def __init__(self, field: str, message: str, path: str = "") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.path = path or field
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


# What makes two entries "the same kind on the same date" (a second tab, a second tap).
def _duplicate_key(payload: dict[str, Any]) -> tuple[str, ...] | None:
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


def _record_error(error: engine.InvalidInput) -> RecordError:
    parts = error.field.split(".")
    # "events.7.pain" -> "pain"; "profile.resting_pain" -> "resting_pain"
    field = parts[-1] if parts[-1] else error.field
    return RecordError(field, error.message, path=error.field)


def _fold(
    *, answers: dict[str, Any], payloads: list[dict[str, Any]], as_of: date, runner: User
) -> dict[str, Any]:
    """The engine's whole output for the whole history (`simulate`), as a check."""
    case = {"as_of": as_of.isoformat(), "profile": answers, "events": payloads}
    case["settings"] = engine_settings_for(runner)  # the numbers the engine's texts quote
    try:
        return engine.simulate(case)
    except engine.InvalidInput as error:
        raise _record_error(error) from None


@dataclass
class Folded:
    """A runner's fold: the engine state (open sessions only), today's advice, and the
    results of the sessions the fold closed (to be stored once, as SessionResult rows)."""

    state: engine.FoldState
    advice: dict[str, Any]
    closed: list[dict[str, Any]]
    closed_weeks: list[dict[str, Any]]


def _fold_all(
    *, answers: dict[str, Any], payloads: list[dict[str, Any]], as_of: date, runner: User
) -> Folded:
    """The whole history folded from the start (an intake, a correction, a withdrawal, a
    back-dated entry, a new engine version)."""
    case = {"as_of": as_of.isoformat(), "profile": answers, "events": payloads}
    case["settings"] = engine_settings_for(runner)
    try:
        read = engine.read_case(case)
    except engine.InvalidInput as error:
        raise _record_error(error) from None
    state = engine.fold_events(engine.initial_state(read.profile, read.settings), read.events)
    return _advised(state, as_of)


def _advised(state: engine.FoldState, as_of: date) -> Folded:
    """Today's advice; the results the fold closed leave the state for their tables."""
    closed, state.closed_sessions = state.closed_sessions, []
    weeks, state.closed_weeks = state.closed_weeks, []
    return Folded(state, engine.advise(state, as_of, "da"), closed, weeks)


def state_advice(*, runner: User, snapshot: Snapshot, as_of: date) -> dict[str, Any] | None:
    """Today's advice from the stored state, without writing anything (a new day needs no
    new event); None when there is no usable state (then the caller refolds)."""
    try:
        state = engine.state_from_json(snapshot.state)
    except engine.StateVersionError:
        return None
    state.settings = state.settings.with_changes(engine_settings_for(runner))
    return engine.advise(state, max(as_of, state.last_date or as_of), "da")


def _payloads(runner: User) -> list[dict[str, Any]]:
    return list(
        Event.objects.filter(runner=runner).order_by("seq").values_list("payload", flat=True)
    )


def _store_snapshot(
    *,
    runner: User,
    folded: Folded,
    as_of: date,
    folded_seq: int,
    refolded: bool,
    entries: list[dict[str, Any]],
    snapshot: Snapshot | None = None,
    before: dict[str, Any] | None = None,
) -> Snapshot:
    """The state, the advice and the sessions closed since, in the same transaction as the
    events. A refold rewrites every session result; a resumed fold only adds new ones.

    `entries` are the events for the progress charts: after a refold the whole history
    (they are all stored again, corrections and withdrawals applied by the engine's rule),
    else the new ones. `snapshot` is the row read under the runner's lock (then one
    UPDATE); `before` is what the result page compares the new plan with (the check-in's
    first event and the plan before it), kept in `meta` until the next check-in.
    Raises SnapshotMoved (and the transaction is rolled back) if `snapshot` is no longer
    the stored one."""
    if refolded:
        SessionResult.objects.filter(runner=runner).delete()
        WeekResult.objects.filter(runner=runner).delete()
        ProgressEntry.objects.filter(runner=runner).delete()
        entries = effective_payloads(entries)
    ProgressEntry.objects.bulk_create(
        ProgressEntry(runner=runner, payload=p) for p in entries if p.get("type") in CHARTED
    )
    SessionResult.objects.bulk_create(
        SessionResult(runner=runner, session_id=result["id"], result=result)
        for result in folded.closed
    )
    WeekResult.objects.bulk_create(
        WeekResult(runner=runner, week_start=row["week_start"], row=row)
        for row in folded.closed_weeks
    )
    fields: dict[str, Any] = {
        "as_of": as_of,
        "output": folded.advice,
        "event_count": folded_seq,
        "computed_at": timezone.now(),
        "state": engine.state_to_json(folded.state),
        "folded_seq": folded_seq,
    }
    if before is not None:
        fields["meta"] = {"before": before}
    if snapshot is None:
        snapshot, _ = Snapshot.objects.update_or_create(runner=runner, defaults=fields)
    else:
        # Only if it is still the snapshot that was read (every write sets `computed_at`):
        # a resumed check-in uses the page's snapshot without reading it again.
        still = Snapshot.objects.filter(
            pk=snapshot.pk, folded_seq=snapshot.folded_seq, computed_at=snapshot.computed_at
        )
        if not still.update(**fields):
            raise SnapshotMoved
        for name, value in fields.items():
            setattr(snapshot, name, value)
    snapshot_stored.send(sender=Snapshot, runner=runner, snapshot=snapshot)  # clinic alerts
    return snapshot


def _store_refolded(
    *, runner: User, folded: Folded, as_of: date, payloads: list[dict[str, Any]]
) -> Snapshot:
    """The snapshot and every result after a fold of the whole history (`payloads`)."""
    return _store_snapshot(
        runner=runner,
        folded=folded,
        as_of=as_of,
        folded_seq=len(payloads),
        refolded=True,
        entries=payloads,
    )


def plan_before(snapshot: Snapshot, event_id: str) -> str | None:
    """The plan (next run, in words) before the check-in that recorded `event_id`, if that
    was the runner's latest check-in (for "your plan has changed")."""
    before = (snapshot.meta or {}).get("before") or {}
    return before.get("next_run") if before.get("event") == event_id else None


@transaction.atomic
def profile_save(
    *, runner: User, answers: dict[str, Any], completed: bool, author: User
) -> Snapshot:
    """Store the intake answers (engine `profile` shape) and recompute the snapshot."""
    as_of = today()
    profile, _ = RunnerProfile.objects.get_or_create(runner=runner)
    profile = RunnerProfile.objects.select_for_update().get(pk=profile.pk)
    merged = {**profile.answers, **answers}
    merged.setdefault("start_date", as_of.isoformat())
    payloads = _payloads(runner)
    folded = _fold_all(answers=merged, payloads=payloads, as_of=as_of, runner=runner)
    profile.answers = merged
    profile.updated_at = timezone.now()
    if completed and profile.intake_completed_at is None:
        profile.intake_completed_at = timezone.now()
    profile.save()
    runner.log_action(
        "rehab.intake.saved",
        actor=author,
        data={"completed": profile.intake_completed_at is not None},
    )
    return _store_refolded(runner=runner, folded=folded, as_of=as_of, payloads=payloads)


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
    digest = _digest(payloads)
    record = functools.partial(
        _events_record,
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
        return _replayed(runner=runner, token=token, digest=digest, count=len(payloads))

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


def _digest(payloads: list[dict[str, Any]]) -> str:
    """A fingerprint of the data a form sent, to tell a replay from a changed form."""
    text = json.dumps(payloads, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _replayed(
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


def _resolve(
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


def _duplicates(
    new: list[dict[str, Any]], chains: dict[str, Chain], history: list[dict[str, Any]]
) -> list[int]:
    """Indexes (into history) of live entries of the same kind and date as a new one."""
    wanted = {_duplicate_key(p) for p in new if "replaces" not in p} - {None}
    if not wanted:
        return []
    latest = {c.latest for c in chains.values() if c.live}
    return sorted(i for i in latest if _duplicate_key(history[i]) in wanted)


@transaction.atomic
def _events_record(
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
    snapshot = _locked(runner, seen if resume else None)
    as_of = today()
    resumed = (
        _resume(runner=runner, snapshot=snapshot, payloads=payloads, as_of=as_of)
        if resume
        else None
    )
    if resumed is not None and not (check_duplicates and _maybe_duplicate(resumed, payloads)):
        seq0, state = resumed
        new = [
            {"id": f"e{seq0 + offset}", **{k: v for k, v in raw.items() if k != "id"}}
            for offset, raw in enumerate(payloads, start=1)
        ]
        folded = _fold_new(state, new, seq0=seq0, as_of=as_of)
        refolded, entries = False, new
    else:
        history = _payloads(runner)
        seq0 = len(history)
        new = _prepared(payloads, history, runner, check_duplicates=check_duplicates)
        try:
            entries = [*history, *new]
            folded = _fold_all(
                answers=_answers(runner), payloads=entries, as_of=as_of, runner=runner
            )
        except RecordError as error:
            error.index = _new_index(error.path, seq0)
            raise
        refolded = True
    events = []
    for offset, payload in enumerate(new, start=1):
        seq = seq0 + offset
        events.append(
            Event.objects.create(
                runner=runner,
                seq=seq,
                type=payload["type"],
                payload=payload,
                author=author,
                client_token=(token or None) if offset == 1 else None,
                client_hash=digest if token and offset == 1 else "",
            )
        )
        runner.log_action(
            f"rehab.event.{payload['type']}",
            actor=author,
            data={"event": payload["id"], "seq": seq},
        )
    before = (snapshot.output.get("next_run") or {}).get("description") if snapshot else None
    snapshot = _store_snapshot(
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


def _locked(runner: User, seen: Snapshot | None) -> Snapshot | None:
    """Make this transaction the only writer of the runner's record, then return the
    snapshot to fold onto: `seen` (the page's) as it is, else the stored one. Whether
    `seen` is still the stored one is checked by its update at the end, which then
    raises SnapshotMoved (see `_store_snapshot`), and by the unique sequence number.

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


def _answers(runner: User) -> dict[str, Any]:
    """The intake answers (read under the lock, for a whole refold)."""
    answers: dict[str, Any] = RunnerProfile.objects.get(runner=runner).answers
    return answers


def _prepared(
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
        _resolve(payload, chains, history, runner)
        new.append(payload)
    if check_duplicates:
        found = _duplicates(new, chains, history)
        if found:
            seqs = [i + 1 for i in found]
            raise PossibleDuplicate(
                list(Event.objects.filter(runner=runner, seq__in=seqs).order_by("seq"))
            )
    return new


# Events that may be folded onto the stored state; anything else (a correction, a
# withdrawal, a clinician's settings) refolds the whole history.
RESUMABLE = frozenset({"walk", "run", "followup", "strength", "status", "red_flag", "cleared"})


def _resume(
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


def _maybe_duplicate(resumed: tuple[int, engine.FoldState], payloads: list[dict[str, Any]]) -> bool:
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


def _fold_new(
    state: engine.FoldState, new: list[dict[str, Any]], *, seq0: int, as_of: date
) -> Folded:
    """Check and fold only the new events onto the stored state."""
    events = []
    for offset, payload in enumerate(new):
        where = f"events.{seq0 + offset}"
        try:
            event, _replaces, _withdrawn = engine.read_event(payload, where)
        except engine.InvalidInput as error:
            recorded = _record_error(error)
            recorded.index = offset
            raise recorded from None
        assert event is not None  # a withdrawal is never resumed
        events.append((event.date, offset, event))
    for _date, _offset, event in sorted(events, key=lambda t: (t[0], t[1])):
        state = engine.fold_event(state, event)
    return _advised(state, as_of)


def _new_index(path: str, history_length: int) -> int | None:
    """ "events.12.load_kg" -> the position of event 12 among the new ones, if it is new."""
    parts = path.split(".")
    if len(parts) >= 2 and parts[0] == "events" and parts[1].isdigit():
        index = int(parts[1]) - history_length
        return index if index >= 0 else None
    return None


@transaction.atomic
def snapshot_refresh(*, runner: User, as_of: date | None = None) -> Snapshot | None:
    """Fold the whole history again and store it (a new engine version, a region's new
    helpline); a new day alone needs no refold: see `state_advice`."""
    profile = RunnerProfile.objects.select_for_update().filter(runner=runner).first()
    if profile is None:
        return None
    as_of = as_of or today()
    payloads = _payloads(runner)
    folded = _fold_all(answers=profile.answers, payloads=payloads, as_of=as_of, runner=runner)
    return _store_refolded(runner=runner, folded=folded, as_of=as_of, payloads=payloads)
