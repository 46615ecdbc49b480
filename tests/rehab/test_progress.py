"""rehab:progress: pain and strength charts (SVG drawn on the server) with tables."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from tests.personas import log_run

from runback.accounts.models import User
from runback.rehab.services import event_record, today

URL = reverse("rehab:progress")


@pytest.mark.django_db
def test_progress_draws_pain_and_strength(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    first = log_run(runner_with_plan, days_ago=5, pain=3)
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={
            "type": "followup",
            "session": first,
            "date": (today() - timedelta(days=4)).isoformat(),
            "pain": 2,
        },
    )
    log_run(runner_with_plan, days_ago=2, pain=4)
    for days_ago, load in ((3, 10.0), (1, 10.5)):
        event_record(
            runner=runner_with_plan,
            author=runner_with_plan,
            payload={
                "type": "strength",
                "date": (today() - timedelta(days=days_ago)).isoformat(),
                "exercise": "split_squat",
                "sets_planned": 2,
                "sets_done": 2,
                "load_kg": load,
            },
        )
    body = runner_with_plan_client.get(URL).content.decode()
    assert body.count("<svg") == 2
    assert '<svg class="chart"' in body and "<title" in body  # named for screen readers
    for points in re.findall(r'points="([^"]+)"', body):
        assert "," in points and not re.search(r"\d,\d+,", points)  # dots, not Danish commas
    assert "Split squat" in body
    assert "10,5" in body  # the table is localised


@pytest.mark.django_db
def test_withdrawn_sessions_leave_the_chart(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=2)
    runner_with_plan_client.post(reverse("rehab:event_withdraw", args=[session]))
    body = runner_with_plan_client.get(URL).content.decode()
    assert "<svg" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("sessions", [1, 20])
def test_progress_runs_a_constant_number_of_queries(
    runner_with_plan: User, sessions: int, django_assert_num_queries: object
) -> None:
    for n in range(sessions):
        log_run(runner_with_plan, days_ago=40 - 2 * n)
    client = Client()
    client.force_login(runner_with_plan)
    client.get(URL)
    with django_assert_num_queries(5):  # type: ignore[operator]
        assert client.get(URL).status_code == 200
