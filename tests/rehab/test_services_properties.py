"""Property: whatever a runner does through the services (check-ins, next-morning answers,
corrections, withdrawals, in any order), nothing fails to fold and the stored snapshot is
always exactly a fresh fold of the stored history (and the progress page's entries those
of the stored history with corrections and withdrawals applied)."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.histories import give_intake

from runback import engine
from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.common.clock import today
from runback.engine.history import effective_payloads
from runback.rehab.charts import CHARTED
from runback.rehab.checkin import errors, folding, recording
from runback.rehab.models import Event, ProgressEntry, RunnerProfile, Snapshot
from runback.rehab.selectors import output_with_every_session

pain = st.integers(0, 10)
step = st.one_of(
    st.tuples(st.just("run"), st.integers(0, 30), pain, pain),
    st.tuples(st.just("walk"), st.integers(0, 30), pain, pain),
    st.tuples(st.just("followup"), st.integers(0, 50), st.integers(0, 2), pain),
    st.tuples(st.just("strength"), st.integers(0, 30), st.integers(0, 3), st.integers(0, 40)),
    st.tuples(st.just("status"), st.integers(0, 30), pain, st.booleans()),
    st.tuples(st.just("correct"), st.integers(0, 50), pain, st.integers(-2, 2)),
    st.tuples(st.just("withdraw"), st.integers(0, 50), st.just(0), st.just(0)),
    # the runner edits the intake (resting pain), which stores a new snapshot, no event
    st.tuples(st.just("intake"), st.just(0), pain, st.just(0)),
)
_emails = itertools.count()


def _payload(action: tuple[Any, ...], entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The event a form would send for one generated action (None: nothing to act on)."""
    kind, a, b, c = action

    def day(days_ago: int) -> str:
        return (today() - timedelta(days=days_ago)).isoformat()

    if kind in ("run", "walk"):
        payload: dict[str, Any] = {"type": kind, "date": day(a), "pain_before": 2}
        payload.update(pain_during=b, pain_after=c)
        return payload
    if kind == "strength":
        return {"type": "strength", "date": day(a), "exercise": "split_squat",
                "sets_planned": 3, "sets_done": b, "load_kg": c}  # fmt: skip
    if kind == "status":
        return {"type": "status", "date": day(a), "pain_week_avg": b, "comfortable_position": c}
    sessions = [e for e in entries if e["type"] in ("run", "walk")]
    if kind == "followup":
        if not sessions:
            return None
        session = sessions[a % len(sessions)]
        answered = min(today(), _date(session) + timedelta(days=1 + b))  # maybe the same day
        return {"type": "followup", "session": session["id"], "date": answered.isoformat(),
                "pain": c}  # fmt: skip
    if not entries:
        return None
    target = entries[a % len(entries)]
    if kind == "withdraw":
        return {"type": "withdraw", "date": today().isoformat(), "target": target["id"]}
    fixed = {k: v for k, v in target.items() if k not in ("id", "replaces")}
    moved = min(today(), _date(target) + timedelta(days=c))
    fixed["date"] = moved.isoformat()
    for key in ("pain_during", "pain", "pain_week_avg", "sets_done"):
        if key in fixed:
            fixed[key] = b if key != "sets_done" else min(b, 3)
    return {**fixed, "replaces": target["id"]}


def event_kind(payload: dict[str, Any]) -> None:
    """Hypothesis statistics: which kinds of entries the examples record."""
    kind = "correction" if "replaces" in payload else payload["type"]
    event(kind)


def _date(payload: dict[str, Any]) -> Any:
    from datetime import date

    return date.fromisoformat(payload["date"])


@pytest.mark.django_db
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=st.lists(st.tuples(step, st.booleans()), min_size=1, max_size=14))
def test_the_snapshot_is_always_a_fresh_fold_of_the_stored_history(
    actions: list[tuple[tuple[Any, ...], bool]],
) -> None:
    """Each check-in is sent from a page: read just before, or (`stale`) before the step
    before it (a second tab), so that the snapshot it starts from may have been replaced."""
    runner = user_create(email=f"prop{next(_emails)}@example.com", password=None)
    consent_give(user=runner, language="da")
    give_intake(runner, start_date=(today() - timedelta(days=31)).isoformat())
    entries: list[dict[str, Any]] = []
    page = Snapshot.objects.get(runner=runner)
    for action, stale in actions:
        seen = page if stale else Snapshot.objects.get(runner=runner)
        page = Snapshot.objects.get(runner=runner)
        if action[0] == "intake":
            give_intake(runner, start_date=(today() - timedelta(days=31)).isoformat(),
                        resting_pain=action[2])  # fmt: skip
            event("edited the intake")
            _assert_snapshot_is_a_fresh_fold(runner)
            continue
        payload = _payload(action, entries)
        if payload is None:
            continue
        try:
            with patch.object(
                recording, "fold_whole_history", wraps=folding.fold_whole_history
            ) as whole:
                recorded, _snapshot = recording.event_record(
                    runner=runner, author=runner, payload=payload, seen=seen
                )
            event("folded the whole history" if whole.called else "folded one event")
        except (errors.EntryWithdrawn, errors.AlreadyWithdrawn):
            continue  # refused at the form, nothing written
        except errors.RecordError as error:  # only a next-morning answer may be refused
            assert payload["type"] in ("followup", "run", "walk"), error
            continue
        if recorded.type != "withdraw":
            entries.append(recorded.payload)
        event_kind(payload)
        _assert_snapshot_is_a_fresh_fold(runner)


def _assert_snapshot_is_a_fresh_fold(runner: User) -> None:
    """The stored state equals the state of a fold from the start; the stored advice with
    the stored session results equals `simulate` of the whole stored history."""
    stored = Snapshot.objects.get(runner=runner)
    answers = RunnerProfile.objects.get(runner=runner).answers
    history = list(
        Event.objects.filter(runner=runner).order_by("seq").values_list("payload", flat=True)
    )
    whole = folding.simulate_whole_history(
        answers=answers, payloads=history, as_of=stored.as_of, runner=runner
    )
    every = output_with_every_session(runner=runner, output=stored.output)
    assert every == whole  # the closed sessions and weeks, stored once each, then the advice
    fresh = folding.fold_whole_history(
        answers=answers, payloads=history, as_of=stored.as_of, runner=runner
    )
    assert stored.state == engine.state_to_json(fresh.state)
    assert stored.folded_seq == len(history)
    charted = ProgressEntry.objects.filter(runner=runner).order_by("id")
    assert list(charted.values_list("payload", flat=True)) == [
        p for p in effective_payloads(history) if p.get("type") in CHARTED
    ]
