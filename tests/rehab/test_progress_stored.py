"""rehab:progress draws from stored results only (the charted entries kept with every
event, the session and week results, the snapshot): the same charts as drawing from the
raw history, in a constant number of queries however long the history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.histories import give_intake, log_run

from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.common.clock import today
from runback.config.demo import runs_every_other_day_record
from runback.engine.history import effective_payloads
from runback.rehab import charts
from runback.rehab.checkin.recording import event_record
from runback.rehab.history.services import entry_withdraw
from runback.rehab.models import Event, Snapshot
from runback.rehab.selectors import output_with_every_session

URL = reverse("rehab:progress")


def _day(days_ago: int) -> str:
    return (today() - timedelta(days=days_ago)).isoformat()


def _record(user: User, payload: dict[str, Any]) -> str:
    event, _snapshot = event_record(runner=user, author=user, payload=payload)
    return event.event_id


def _strength(user: User, days_ago: int, load: float, exercise: str = "split_squat") -> str:
    return _record(
        user,
        {"type": "strength", "date": _day(days_ago), "exercise": exercise,
         "sets_planned": 3, "sets_done": 3, "load_kg": load},
    )  # fmt: skip


def _plain(user: User, runs: int = 30) -> None:
    """Runs every other day, each answered the next morning."""
    start = today() - timedelta(days=2 * runs + 2)
    give_intake(user, start_date=start.isoformat())
    runs_every_other_day_record(runner=user, start=start, runs=runs)


def _corrected(user: User) -> str:
    """Sessions, answers and strength logs, some corrected, some withdrawn, one answered
    twice, a walk, a run before the start date's week."""
    give_intake(user, start_date=_day(20))
    early = log_run(user, days_ago=30, pain=3)  # before the start: not counted
    first = log_run(user, days_ago=12, pain=3)
    _record(user, {"type": "followup", "session": first, "date": _day(11), "pain": 4})
    _record(user, {"type": "followup", "session": first, "date": _day(10), "pain": 2})
    walk = _record(
        user,
        {"type": "walk", "date": _day(9), "minutes": 30, "pain_during": 1, "pain_after": 1},
    )
    second = log_run(user, days_ago=7, pain=5)
    answer = _record(user, {"type": "followup", "session": second, "date": _day(6), "pain": 6})
    _record(
        user,
        {"type": "run", "date": _day(7), "pain_before": 1, "pain_during": 2, "pain_after": 3,
         "replaces": second},
    )  # fmt: skip
    _record(
        user,
        {"type": "followup", "session": second, "date": _day(6), "pain": 1, "replaces": answer},
    )
    log_run(user, days_ago=3, pain=2)
    _strength(user, 8, 10.0)
    kept = _strength(user, 5, 12.0)
    _strength(user, 4, 5.0, exercise="romanian_deadlift")
    _record(
        user,
        {"type": "strength", "date": _day(5), "exercise": "split_squat", "sets_planned": 3,
         "sets_done": 2, "load_kg": 11.0, "replaces": kept},
    )  # fmt: skip
    entry_withdraw(runner=user, author=user, entry_id=walk)
    _strength(user, 1, 12.5)
    return early


def _from_raw_history(user: User) -> dict[str, Any]:
    """The page's charts drawn as before: from every stored event, corrections and
    withdrawals applied."""
    payloads = effective_payloads(
        list(Event.objects.filter(runner=user).order_by("seq").values_list("payload", flat=True))
    )
    snapshot = Snapshot.objects.get(runner=user)
    every = output_with_every_session(runner=user, output=snapshot.output)
    zones = {s["id"]: s.get("zone", "") for s in every.get("sessions", [])}
    pain_rows = charts.pain_rows(payloads, zones)
    strength_rows = charts.strength_rows(payloads)
    week_rows = charts.week_rows(every.get("weeks_done"))
    start = charts.isodate_or_none(user.rehab_profile.answers.get("start_date"))
    return {
        "pain_rows": pain_rows,
        "pain_chart": charts.pain_chart(pain_rows),
        "strength_rows": strength_rows,
        "strength_chart": charts.strength_chart(strength_rows),
        "week_rows": week_rows,
        "weeks_chart": charts.weeks_chart(week_rows),
        "weeks_not_counted": charts.weeks_not_counted(payloads, week_rows, start),
    }


def _client(email: str) -> tuple[User, Client]:
    user = user_create(email=email, password=None)
    consent_give(user=user, language="da")
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.django_db
@pytest.mark.parametrize("history", [_plain, _corrected, give_intake])
def test_the_charts_are_those_of_the_raw_history(history: Any) -> None:
    user, client = _client("charts@example.com")
    history(user)
    response = client.get(URL)
    assert response.status_code == 200
    expected = _from_raw_history(user)
    for key, value in expected.items():
        assert response.context[key] == value, key
    if history is _corrected:  # the example has what it is meant to have
        assert [r["morning"] for r in expected["pain_rows"]] == [None, 2, 1, None]
        assert len(expected["strength_rows"]) == 4


def _progress_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_page_reads_the_same_few_queries_however_long_the_history(
    django_assert_max_num_queries: Any,
) -> None:
    short, short_client = _client("short@example.com")
    give_intake(short)
    long, long_client = _client("long@example.com")
    _plain(long, runs=150)
    run = log_run(long, days_ago=0, pain=3)
    log_run(long, days_ago=0, pain=4, replaces=run)  # a correction: everything refolded
    entry_withdraw(runner=long, author=long, entry_id="e3")
    assert Event.objects.filter(runner=long).count() > 300
    with django_assert_max_num_queries(7):
        long_client.get(URL)
    assert _progress_queries(short_client) == _progress_queries(long_client)


@pytest.mark.django_db
def test_the_migration_builds_the_entries_of_existing_histories() -> None:
    from importlib import import_module

    from django.apps import apps

    from runback.rehab.models import ProgressEntry

    user = user_create(email="migrated@example.com", password=None)
    _corrected(user)
    kept = list(ProgressEntry.objects.filter(runner=user).values_list("payload", flat=True))
    ProgressEntry.objects.all().delete()
    migration = import_module("runback.rehab.migrations.0005_progress_entries")
    migration.build_progress_entries(apps, None)
    rebuilt = ProgressEntry.objects.filter(runner=user).order_by("id")
    assert list(rebuilt.values_list("payload", flat=True)) == kept
