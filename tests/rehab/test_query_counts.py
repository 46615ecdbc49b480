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
from runback.config.demo import runs_every_other_day_record
from runback.rehab.services import today

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
