"""rehab:checkin_followup: the next-morning answer that makes a zone final."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from tests.personas import log_run
from tests.rehab.helpers import stored

from runback.accounts.models import User
from runback.rehab.models import Event
from runback.rehab.services import today

URL = reverse("rehab:checkin_followup")


@pytest.mark.django_db
def test_followup_makes_the_zone_final(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    assert f'value="{session}"' in runner_with_plan_client.get(URL).content.decode()
    response = runner_with_plan_client.post(
        URL, {"token": "f", "session": session, "date": today().isoformat(), "pain": "1"}
    )
    assert response.status_code == 302
    _, output = stored(runner_with_plan)
    assert output["sessions"][0]["zone"] == "green"
    body = runner_with_plan_client.get(response["Location"]).content.decode()
    assert "Grøn: godt tålt" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("session", {"session": "e999"}),  # a session that does not exist
        ("pain", {"pain": "11"}),
        ("pain", {"pain": "-1"}),
        ("pain", {"pain": "x"}),
        ("date", {"date": (today() + timedelta(days=30)).isoformat()}),
        ("date", {"date": (today() - timedelta(days=5)).isoformat()}),  # before the session
    ],
)
def test_bad_followup_gives_a_field_error_and_writes_nothing(
    runner_with_plan_client: Client, runner_with_plan: User, field: str, overrides: dict[str, str]
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    before = stored(runner_with_plan)
    data = {"token": "f", "session": session, "date": today().isoformat(), "pain": "1", **overrides}
    response = runner_with_plan_client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_another_runners_session_cannot_be_followed_up(
    runner_with_plan_client: Client, runner_with_plan: User, other_runner: User
) -> None:
    other_session = Event.objects.filter(runner=other_runner, type="run").first()
    assert other_session is not None
    log_run(runner_with_plan, days_ago=1)
    before = stored(other_runner)
    response = runner_with_plan_client.post(
        URL,
        {"session": other_session.event_id + "x", "date": today().isoformat(), "pain": "1"},
    )
    assert response.status_code == 200
    assert stored(other_runner) == before
