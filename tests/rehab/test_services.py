"""event_record: one transaction; the engine's refusal writes nothing."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from tests.histories import log_run
from tests.rehab.helpers import stored

from runback import engine
from runback.accounts.models import AuditEntry, User
from runback.common.clock import today
from runback.engine.history import chains_of, effective_payloads
from runback.rehab.checkin import folding, recording, snapshots
from runback.rehab.checkin.errors import (
    EntryWithdrawn,
    NoProfile,
    PossibleDuplicate,
    RecordError,
    TokenReused,
)
from runback.rehab.checkin.recording import event_record, events_record
from runback.rehab.history.services import entry_withdraw
from runback.rehab.intake.services import profile_save
from runback.rehab.models import Event, RunnerProfile, Snapshot


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


# --- entries: ids, corrections, withdrawals, replays, duplicates (issue 8, point 3) ----------


def _status(runner: User, *, pain: int = 3, **extra: object) -> Event:
    event, _ = event_record(
        runner=runner,
        author=runner,
        payload={"type": "status", "date": today().isoformat(), "pain_week_avg": pain, **extra},
    )
    return event


@pytest.mark.django_db
def test_every_event_has_its_own_id_and_a_correction_names_what_it_replaces(
    runner_with_plan: User,
) -> None:
    first = _status(runner_with_plan, pain=3)
    second = _status(runner_with_plan, pain=4, replaces=first.event_id)
    # Correcting through the entry's first id replaces its latest version.
    third = _status(runner_with_plan, pain=5, replaces=first.event_id)
    ids = [first.event_id, second.event_id, third.event_id]
    assert ids == ["e1", "e2", "e3"]
    assert second.payload["replaces"] == "e1" and third.payload["replaces"] == "e2"
    assert all(e.seq == int(e.event_id[1:]) for e in (first, second, third))


@pytest.mark.django_db
def test_a_corrected_followup_has_its_own_id(runner_with_plan: User) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    followup, _ = event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "followup", "session": session, "date": today().isoformat(), "pain": 3},
    )
    corrected, _ = event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={
            "type": "followup",
            "session": session,
            "date": today().isoformat(),
            "pain": 1,
            "replaces": followup.event_id,
        },
    )
    ids = [e.event_id for e in Event.objects.filter(runner=runner_with_plan)]
    assert len(ids) == len(set(ids)) == 3
    assert corrected.event_id != followup.event_id
    assert corrected.payload["replaces"] == followup.event_id


@pytest.mark.django_db
def test_a_withdrawn_entry_cannot_be_corrected(runner_with_plan: User) -> None:
    entry = _status(runner_with_plan)
    entry_withdraw(runner=runner_with_plan, author=runner_with_plan, entry_id=entry.event_id)
    before = stored(runner_with_plan)
    with pytest.raises(EntryWithdrawn):
        _status(runner_with_plan, pain=7, replaces=entry.event_id)
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_withdrawing_twice_records_one_withdrawal(runner_with_plan: User) -> None:
    entry = _status(runner_with_plan)
    other = log_run(runner_with_plan, days_ago=1)
    first, created = entry_withdraw(
        runner=runner_with_plan, author=runner_with_plan, entry_id=entry.event_id, token="w1"
    )
    assert created and first.payload["target"] == entry.event_id
    # Again, with another token (a second confirmation page): nothing new.
    again, created_again = entry_withdraw(
        runner=runner_with_plan, author=runner_with_plan, entry_id=entry.event_id, token="w2"
    )
    assert not created_again and again.pk == first.pk
    assert Event.objects.filter(runner=runner_with_plan, type="withdraw").count() == 1
    # Withdrawing another entry is not a replay of the first withdrawal.
    _, created_other = entry_withdraw(
        runner=runner_with_plan, author=runner_with_plan, entry_id=other, token="w3"
    )
    assert created_other
    assert Event.objects.filter(runner=runner_with_plan, type="withdraw").count() == 2
    assert stored(runner_with_plan)[1]["sessions"] == []


@pytest.mark.django_db
def test_a_corrected_entry_is_withdrawn_through_any_of_its_ids(runner_with_plan: User) -> None:
    entry = _status(runner_with_plan, pain=3)
    correction = _status(runner_with_plan, pain=4, replaces=entry.event_id)
    withdrawal, created = entry_withdraw(
        runner=runner_with_plan, author=runner_with_plan, entry_id=entry.event_id
    )
    assert created and withdrawal.payload["target"] == correction.event_id  # the live version
    _, again = entry_withdraw(
        runner=runner_with_plan, author=runner_with_plan, entry_id=correction.event_id
    )
    assert not again


@pytest.mark.django_db
def test_same_token_same_data_is_one_event(runner_with_plan: User) -> None:
    payload = {"type": "status", "date": today().isoformat(), "pain_week_avg": 3}
    first, _ = event_record(
        runner=runner_with_plan, author=runner_with_plan, payload=payload, token="t"
    )
    second, _ = event_record(
        runner=runner_with_plan, author=runner_with_plan, payload=dict(payload), token="t"
    )
    assert first.pk == second.pk
    assert Event.objects.filter(runner=runner_with_plan).count() == 1


@pytest.mark.django_db
def test_same_token_other_data_keeps_the_first_and_says_so(runner_with_plan: User) -> None:
    payload = {"type": "status", "date": today().isoformat(), "pain_week_avg": 3}
    first, _ = event_record(
        runner=runner_with_plan, author=runner_with_plan, payload=payload, token="t"
    )
    before = stored(runner_with_plan)
    with pytest.raises(TokenReused) as info:
        event_record(
            runner=runner_with_plan,
            author=runner_with_plan,
            payload={**payload, "pain_week_avg": 6},
            token="t",
        )
    assert [e.pk for e in info.value.events] == [first.pk]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_a_replay_of_several_events_returns_them_all(runner_with_plan: User) -> None:
    payloads = [
        {
            "type": "strength",
            "date": today().isoformat(),
            "exercise": exercise,
            "sets_planned": 2,
            "sets_done": 2,
        }
        for exercise in ("split_squat", "dead_bug")
    ]
    first, _ = events_record(
        runner=runner_with_plan, author=runner_with_plan, payloads=payloads, token="s"
    )
    again, _ = events_record(
        runner=runner_with_plan, author=runner_with_plan, payloads=payloads, token="s"
    )
    assert [e.pk for e in again] == [e.pk for e in first]
    assert Event.objects.filter(runner=runner_with_plan).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("existing", "new", "asks"),
    [
        ({"type": "run"}, {"type": "walk"}, True),
        ({"type": "status", "pain_week_avg": 3}, {"type": "status", "pain_week_avg": 5}, True),
        (
            {"type": "strength", "exercise": "dead_bug", "sets_planned": 2, "sets_done": 2},
            {"type": "strength", "exercise": "dead_bug", "sets_planned": 2, "sets_done": 1},
            True,
        ),
        (
            {"type": "strength", "exercise": "dead_bug", "sets_planned": 2, "sets_done": 2},
            {"type": "strength", "exercise": "split_squat", "sets_planned": 2, "sets_done": 2},
            False,
        ),
    ],
)
def test_an_entry_of_the_same_kind_and_date_is_not_recorded_unasked(
    runner_with_plan: User, existing: dict[str, Any], new: dict[str, Any], asks: bool
) -> None:
    pains = {"pain_before": 1, "pain_during": 1, "pain_after": 1}
    day = today().isoformat()

    def full(payload: dict[str, Any]) -> dict[str, Any]:
        return {**payload, "date": day, **(pains if payload["type"] in {"run", "walk"} else {})}

    first, _ = event_record(
        runner=runner_with_plan, author=runner_with_plan, payload=full(existing)
    )
    before = stored(runner_with_plan)
    if asks:
        with pytest.raises(PossibleDuplicate) as info:
            event_record(
                runner=runner_with_plan,
                author=runner_with_plan,
                payload=full(new),
                check_duplicates=True,
            )
        assert [e.pk for e in info.value.existing] == [first.pk]
        assert stored(runner_with_plan) == before
    # Confirmed (or not the same): recorded.
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload=full(new),
        check_duplicates=not asks,
    )
    assert Event.objects.filter(runner=runner_with_plan).count() == 2


@pytest.mark.django_db
def test_a_withdrawn_entry_is_no_duplicate(runner_with_plan: User) -> None:
    entry = _status(runner_with_plan)
    entry_withdraw(runner=runner_with_plan, author=runner_with_plan, entry_id=entry.event_id)
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "status", "date": today().isoformat(), "pain_week_avg": 4},
        check_duplicates=True,
    )
    assert Event.objects.filter(runner=runner_with_plan, type="status").count() == 2


def test_chains_follow_the_order_of_the_events() -> None:
    chains = chains_of(
        [
            {"id": "e1", "type": "run"},
            {"id": "e2", "type": "run", "replaces": "e1"},
            {"id": "e3", "type": "withdraw", "target": "e1"},
            {"id": "e4", "type": "run", "replaces": "e2"},  # after the withdrawal: ignored
            {"id": "e5", "type": "withdraw", "target": "e2"},  # a second withdrawal
            {"id": "e6", "type": "status"},
            {"id": "e6", "type": "status", "replaces": "e6"},  # stored before ids were unique
        ]
    )
    run = chains["e1"]
    assert chains["e2"] is run and chains["e4"] is run
    assert (run.root, run.versions, run.withdrawn, run.ignored, run.repeated) == (
        "e1",
        [0, 1],
        2,
        [3],
        [4],
    )
    assert chains["e6"].versions == [5, 6] and chains["e6"].live


def test_charts_see_the_latest_version_under_the_first_id() -> None:
    live = effective_payloads(
        [
            {"id": "e1", "type": "run", "date": "2026-01-05"},
            {"id": "e2", "type": "followup", "session": "e1", "pain": 3},
            {"id": "e3", "type": "run", "date": "2026-01-06", "replaces": "e1"},
            {"id": "e4", "type": "followup", "session": "e3", "pain": 1, "replaces": "e2"},
            {"id": "e5", "type": "status", "pain_week_avg": 2},
            {"id": "e6", "type": "withdraw", "target": "e5"},
            {"id": "e7", "type": "status", "pain_week_avg": 9, "replaces": "e5"},
        ]
    )
    assert live == [
        {"id": "e1", "type": "run", "date": "2026-01-06", "replaces": "e1"},
        {"id": "e2", "type": "followup", "session": "e1", "pain": 1, "replaces": "e2"},
    ]


@pytest.mark.django_db
def test_a_check_in_from_a_page_read_before_an_intake_edit_uses_the_new_intake(
    runner_with_plan: User,
) -> None:
    """The page's snapshot was replaced (the intake edited in another tab, no event in
    between): the check-in is folded onto the stored snapshot, not the page's."""
    page = Snapshot.objects.get(runner=runner_with_plan)
    profile_save(runner=runner_with_plan, answers={"resting_pain": 6}, completed=True,
                 author=runner_with_plan)  # fmt: skip
    with patch.object(recording, "store_snapshot", wraps=snapshots.store_snapshot) as store:
        _event, snapshot = event_record(
            runner=runner_with_plan,
            author=runner_with_plan,
            payload={"type": "status", "date": today().isoformat(), "pain_week_avg": 3},
            seen=page,
        )
    assert store.call_count == 2  # the page's snapshot refused, then the stored one
    stored = Snapshot.objects.get(runner=runner_with_plan)
    assert stored.computed_at == snapshot.computed_at and stored.folded_seq == 1
    answers = RunnerProfile.objects.get(runner=runner_with_plan).answers
    assert answers["resting_pain"] == 6
    history = list(Event.objects.filter(runner=runner_with_plan).values_list("payload", flat=True))
    fresh = folding.fold_whole_history(
        answers=answers, payloads=history, as_of=stored.as_of, runner=runner_with_plan
    )
    assert stored.state == engine.state_to_json(fresh.state)


@pytest.mark.django_db
def test_a_check_in_from_a_page_read_before_another_check_in_folds_one_event(
    runner_with_plan: User,
) -> None:
    """Two tabs: the second tab's page is behind by one check-in. Its entry takes the next
    sequence number after the stored one and is folded onto the stored state."""
    page = Snapshot.objects.get(runner=runner_with_plan)
    status = {"type": "status", "date": today().isoformat(), "pain_week_avg": 3}
    event_record(runner=runner_with_plan, author=runner_with_plan, payload=status)
    with patch.object(recording, "fold_whole_history", wraps=folding.fold_whole_history) as whole:
        second, _snapshot = event_record(
            runner=runner_with_plan,
            author=runner_with_plan,
            payload={**status, "pain_week_avg": 4},
            seen=page,
        )
    assert not whole.called and second.seq == 2
    assert Snapshot.objects.get(runner=runner_with_plan).folded_seq == 2


@pytest.mark.django_db
def test_a_check_in_from_the_current_page_folds_one_event(runner_with_plan: User) -> None:
    page = Snapshot.objects.get(runner=runner_with_plan)
    with patch.object(recording, "fold_whole_history", wraps=folding.fold_whole_history) as whole:
        event_record(
            runner=runner_with_plan,
            author=runner_with_plan,
            payload={"type": "status", "date": today().isoformat(), "pain_week_avg": 3},
            seen=page,
        )
    assert not whole.called
    assert Snapshot.objects.get(runner=runner_with_plan).folded_seq == 1
