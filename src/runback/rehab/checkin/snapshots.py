"""The stored fold: the snapshot (state and advice), the closed session and week results,
the progress entries; written in the same transaction as the events."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from runback import engine
from runback.accounts.models import User
from runback.common.clock import today
from runback.engine.history import effective_payloads
from runback.rehab.charts import CHARTED
from runback.rehab.checkin.errors import SnapshotMoved
from runback.rehab.checkin.folding import (
    Folded,
    fold_whole_history,
    recorded_payloads,
    state_advice,
)
from runback.rehab.models import (
    ProgressEntry,
    RunnerProfile,
    SessionResult,
    Snapshot,
    WeekResult,
)
from runback.rehab.selectors import RunnerState
from runback.rehab.signals import snapshot_stored


def store_snapshot(
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


def store_refolded_snapshot(
    *, runner: User, folded: Folded, as_of: date, payloads: list[dict[str, Any]]
) -> Snapshot:
    """The snapshot and every result after a fold of the whole history (`payloads`)."""
    return store_snapshot(
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
def snapshot_refresh(*, runner: User, as_of: date | None = None) -> Snapshot | None:
    """Fold the whole history again and store it (a new engine version, a region's new
    helpline); a new day alone needs no refold: see `state_advice`."""
    profile = RunnerProfile.objects.select_for_update().filter(runner=runner).first()
    if profile is None:
        return None
    as_of = as_of or today()
    payloads = recorded_payloads(runner)
    folded = fold_whole_history(
        answers=profile.answers, payloads=payloads, as_of=as_of, runner=runner
    )
    return store_refolded_snapshot(runner=runner, folded=folded, as_of=as_of, payloads=payloads)


def advice_for_today(state: RunnerState) -> engine.Output | None:
    """The snapshot's advice; for a new day advised again from the stored state, without a
    write (only a snapshot without a usable state is folded again and stored). None
    before an intake (no snapshot can be made)."""
    snapshot = state.snapshot
    as_of = today()
    if snapshot is not None and snapshot.as_of >= as_of:
        # A stored snapshot holds the engine's output (refolded on a new engine version).
        return cast(engine.Output, snapshot.output)
    if snapshot is not None:
        advice = state_advice(runner=state.runner, snapshot=snapshot, as_of=as_of)
        if advice is not None:
            return advice
    snapshot = snapshot_refresh(runner=state.runner)
    return cast(engine.Output, snapshot.output) if snapshot else None
