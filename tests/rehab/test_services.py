"""event_record: one transaction; the engine's refusal writes nothing."""

from __future__ import annotations

import pytest
from tests.rehab.helpers import stored

from runback.accounts.models import AuditEntry, User
from runback.rehab.models import Event, Snapshot
from runback.rehab.services import NoProfile, RecordError, event_record, today


@pytest.mark.django_db
def test_event_and_snapshot_are_written_together(runner_with_plan: User) -> None:
    event, snapshot = event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "status", "date": today().isoformat(), "pain_week_avg": 3},
    )
    assert event.seq == 1 and event.payload["id"] == "e1"
    assert snapshot.event_count == 1
    assert Snapshot.objects.get(runner=runner_with_plan).event_count == 1
    assert AuditEntry.objects.filter(subject=runner_with_plan, action="rehab.event.status").exists()


@pytest.mark.django_db
def test_engine_refusal_writes_nothing(runner_with_plan: User) -> None:
    before = stored(runner_with_plan)
    audit = AuditEntry.objects.count()
    with pytest.raises(RecordError) as info:
        event_record(
            runner=runner_with_plan,
            author=runner_with_plan,
            payload={"type": "followup", "session": "nope", "date": today().isoformat(), "pain": 1},
        )
    assert info.value.field == "session"
    assert stored(runner_with_plan) == before
    assert AuditEntry.objects.count() == audit


@pytest.mark.django_db
def test_no_events_before_the_intake(runner: User) -> None:
    with pytest.raises(NoProfile):
        event_record(
            runner=runner,
            author=runner,
            payload={"type": "status", "date": today().isoformat(), "pain_week_avg": 3},
        )
    assert not Event.objects.exists()
