"""The page after a check-in, the next-morning page and the correction page read the
snapshot and the stored results of the entry they show, never the whole history: the
same number of queries, and the same number of rows of events and of session results,
after 4 and after 60 earlier events, for each kind of entry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.constants import MULTI
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.histories import give_intake

from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.common.clock import today
from runback.config.demo import runs_every_other_day_record
from runback.rehab.checkin.recording import event_record

# The correction of a next-morning answer offers every session ever logged (a list that
# grows by design): it reads their ids, types and dates from the stored results.
EVERY_SESSION = {"correct followup"}
SHORT, LONG = 2, 30  # runs every other day, each answered the next morning: 4 and 60 events


def _runner(email: str, runs: int) -> tuple[User, dict[str, str], Client]:
    """A history of `runs` answered runs, then yesterday's run answered this morning, a
    run today, and a correction of yesterday's run; named by role (`ids`)."""
    user = user_create(email=email, password=None)
    consent_give(user=user, language="da")
    start = today() - timedelta(days=2 * runs + 4)
    give_intake(user, start_date=start.isoformat())
    runs_every_other_day_record(runner=user, start=start, runs=runs)
    yesterday = (today() - timedelta(days=1)).isoformat()
    pains = {"pain_before": 1, "pain_during": 2, "pain_after": 2}
    run, _ = event_record(
        runner=user, author=user, payload={"type": "run", "date": yesterday, **pains}
    )
    followup, _ = event_record(
        runner=user,
        author=user,
        payload={"type": "followup", "session": run.event_id, "date": today().isoformat(),
                 "pain": 2},
    )  # fmt: skip
    corrected, _ = event_record(
        runner=user,
        author=user,
        payload={"type": "run", "date": yesterday, **pains, "pain_after": 3,
                 "replaces": run.event_id},
    )  # fmt: skip
    latest, _ = event_record(
        runner=user,
        author=user,
        payload={"type": "run", "date": today().isoformat(), **pains},
    )
    ids = {
        "first": "e1",  # long closed in the long history
        "run": run.event_id,
        "followup": followup.event_id,
        "correction": corrected.event_id,
        "latest": latest.event_id,
    }
    client = Client()
    client.force_login(user)
    return user, ids, client


def _pages(ids: dict[str, str]) -> list[tuple[str, str]]:
    return [
        *[(f"result of {role}", reverse("rehab:checkin_result", args=[i])) for role, i in
          ids.items()],
        ("next morning", reverse("rehab:checkin_followup")),
        *[(f"correct {role}", reverse("rehab:event_correct", args=[ids[role]])) for role in
          ("run", "correction", "followup", "latest")],
    ]  # fmt: skip


@contextmanager
def _rows_read() -> Iterator[Counter[str]]:
    """The rows each table gave to the ORM's selects (by the model's table)."""
    rows: Counter[str] = Counter()
    original = SQLCompiler.execute_sql

    def counting(self: SQLCompiler, result_type: Any = MULTI, *args: Any, **kwargs: Any) -> Any:
        result = original(self, result_type, *args, **kwargs)
        if result_type == MULTI and isinstance(result, list):
            model = self.query.model
            assert model is not None  # the ORM's selects are of a model
            rows[model._meta.db_table] += sum(len(chunk) for chunk in result)
        return result

    with mock.patch.object(SQLCompiler, "execute_sql", counting):
        yield rows


def _queries(client: Client, url: str) -> tuple[list[str], Counter[str]]:
    client.get(url)  # the first visit of the day may refresh the snapshot
    with CaptureQueriesContext(connection) as captured, _rows_read() as rows:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in captured], rows


@pytest.mark.django_db
def test_the_pages_of_an_entry_cost_the_same_after_a_short_and_a_long_history() -> None:
    counts: dict[str, list[tuple[int, ...]]] = {}
    for email, runs in (("short@example.com", SHORT), ("long@example.com", LONG)):
        _, ids, client = _runner(email, runs)
        for name, url in _pages(ids):
            queries, rows = _queries(client, url)
            read = (len(queries), rows["rehab_event"], rows["rehab_sessionresult"])
            counts.setdefault(name, []).append(read)
            # The stored results are read by the entry's ids, the weeks not at all.
            assert not any('FROM "rehab_weekresult"' in sql for sql in queries), (name, queries)
            closed = [sql for sql in queries if 'FROM "rehab_sessionresult"' in sql]
            if name not in EVERY_SESSION:
                assert all('"session_id" IN' in sql for sql in closed), (name, closed)
    print({name: f"{a} / {b}" for name, (a, b) in counts.items()})
    for name, (short, long) in counts.items():
        assert short[:2] == long[:2], (name, short, long)  # queries, events read
        if name not in EVERY_SESSION:  # a closed result is read once, an open one not at all
            assert short[2] <= 1 and long[2] <= 1, (name, short, long)
