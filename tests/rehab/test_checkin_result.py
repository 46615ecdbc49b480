"""rehab:checkin_result: the zone in words and what changed in the plan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from tests.histories import give_intake, log_run

from runback.accounts.models import User
from runback.common.clock import today
from runback.common.dates import long_date


@pytest.mark.django_db
def test_unknown_entry_is_not_found(runner_with_plan_client: Client) -> None:
    assert (
        runner_with_plan_client.get(reverse("rehab:checkin_result", args=["e99"])).status_code
        == 404
    )


@pytest.mark.django_db
def test_result_says_what_changed_in_the_plan(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    response = runner_with_plan_client.post(
        reverse("rehab:checkin_followup"),
        {"token": "r", "session": session, "date": today().isoformat(), "pain": "1"},
    )
    body = runner_with_plan_client.get(response["Location"]).content.decode()
    assert "Din plan er ændret." in body
    assert "Før: Gå 5 min, derefter 3 × (løb 1 min, gå 3 min)" in body
    assert "4 × (løb 2 min, gå 3 min)" in body


@pytest.mark.django_db
def test_result_of_a_session_logged_two_days_ago_is_provisional(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    # The plan started before the session (entries before the start date are refused).
    give_intake(runner_with_plan, start_date=(today() - timedelta(days=3)).isoformat())
    response = runner_with_plan_client.post(
        reverse("rehab:checkin_session"),
        {
            "token": "r2",
            "type": "run",
            "date": (today() - timedelta(days=2)).isoformat(),
            "pain_before": "1",
            "pain_during": "4",
            "pain_after": "4",
        },
    )
    body = runner_with_plan_client.get(response["Location"]).content.decode()
    assert "Foreløbig" in body
    assert "Din plan er uændret." in body


@pytest.mark.django_db
def test_result_of_a_correction_shows_the_corrected_session(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=0, pain=2)
    response = runner_with_plan_client.post(
        reverse("rehab:event_correct", args=[session]),
        {
            "token": "c",
            "type": "run",
            "date": today().isoformat(),
            "pain_before": "2",
            "pain_during": "7",
            "pain_after": "7",
        },
    )
    assert response["Location"] == reverse("rehab:checkin_result", args=["e2"])
    body = runner_with_plan_client.get(response["Location"]).content.decode()
    assert "Rød: for meget lige nu" in body
    assert "allerede sendt" not in body


@pytest.mark.django_db
def test_a_withdrawal_has_no_result_page(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=0)
    runner_with_plan_client.post(
        reverse("rehab:event_withdraw", args=[session]), {"confirm": "yes"}
    )
    assert (
        runner_with_plan_client.get(reverse("rehab:checkin_result", args=["e2"])).status_code == 404
    )


@pytest.mark.django_db
def test_a_session_logged_today_gets_its_question_tomorrow(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """ZONE-2: the result page does not ask "this morning" minutes after the run."""
    session = log_run(runner_with_plan, days_ago=0)
    body = runner_with_plan_client.get(
        reverse("rehab:checkin_result", args=[session])
    ).content.decode()
    with translation.override("da"):
        tomorrow = long_date(today() + timedelta(days=1))
    assert f"I morgen tidlig, {tomorrow}, kan du fortælle" in body
    assert "?session=" not in body


@pytest.mark.django_db
def test_a_session_logged_for_yesterday_asks_for_this_morning(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    body = runner_with_plan_client.get(
        reverse("rehab:checkin_result", args=[session])
    ).content.decode()
    assert "Hvordan har din ryg det her til morgen, efter din løbetur" in body
    assert f"?session={session}" in body
    assert 'class="rule-id"' not in body
