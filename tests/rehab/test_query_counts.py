"""Every runner page runs the same number of SQL queries for a short and a long history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.histories import give_intake

from runback.accounts.services import consent_give, user_create
from runback.common.clock import today
from runback.config.demo import runs_every_other_day_record

PAGES = [
    ("rehab:today", []),
    ("rehab:why", []),
    ("rehab:history", []),
    ("rehab:progress", []),
    ("rehab:symptoms", []),
    ("rehab:checkin_session", []),
    ("rehab:checkin_followup", []),
    ("rehab:checkin_strength", []),
    ("rehab:checkin_strength_session", []),
    ("rehab:checkin_status", []),
    ("rehab:checkin_result", ["e1"]),
    ("rehab:event_correct", ["e1"]),
    ("accounts:account", []),
]


def _client_with_history(email: str, runs: int) -> Client:
    user = user_create(email=email, password=None)
    consent_give(user=user, language="da")
    start = today() - timedelta(days=2 * runs + 2)
    give_intake(user, start_date=start.isoformat())
    runs_every_other_day_record(runner=user, start=start, runs=runs)
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the first visit of the day may refresh the snapshot
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_history() -> None:
    short = _client_with_history("short@example.com", 1)
    long = _client_with_history("long@example.com", 30)
    for name, args in PAGES:
        url = reverse(name, args=args)
        assert _queries(short, url) == _queries(long, url), name


def _post_queries(client: Client, url: str, data: dict[str, str]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code)
    return [q["sql"] for q in captured]


@pytest.mark.django_db
def test_a_check_in_post_runs_a_few_queries_whatever_the_history() -> None:
    """The session and user (as any page), the runner's state with their consent (one
    statement), the event, its audit entry, the progress entry of a session, the
    snapshot's update (only if it is still the snapshot the page read): nothing reads
    the history, nothing reads the snapshot again, and no look-up comes before the
    insert that the unique token guards. (A check-in that closes sessions or weeks also
    stores their results, once each: the first check-in of the day is left out.) On
    PostgreSQL the lock is a statement of its own (on SQLite the transaction is the
    lock)."""
    short = _client_with_history("short@example.com", 1)
    long = _client_with_history("long@example.com", 30)
    status = {"date": today().isoformat(), "pain_week_avg": "3", "anything_new": "no",
              "another": "on"}  # fmt: skip
    run = {"type": "run", "date": today().isoformat(), "pain_before": "1",
           "pain_during": "2", "pain_after": "2", "another": "on"}  # fmt: skip
    for url, data, most in ((reverse("rehab:checkin_status"), status, 6),
                            (reverse("rehab:checkin_session"), run, 7)):  # fmt: skip
        counts: list[int] = []
        for client in (short, long):
            client.post(url, {**data, "token": f"first-{len(counts)}-{url}", "another": "on"})
            queries = _post_queries(client, url, {**data, "token": f"t-{len(counts)}-{url}"})
            assert not any('FROM "rehab_event"' in sql for sql in queries), queries
            counts.append(len([q for q in queries if "SAVEPOINT" not in q]))
        lock = 1 if connection.features.has_select_for_update else 0
        assert counts[0] == counts[1] <= most + lock, (url, counts)
