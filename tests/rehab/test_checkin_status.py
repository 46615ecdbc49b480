"""rehab:checkin_status: the weekly average pain."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.rehab.helpers import stored

from runback.accounts.models import User
from runback.rehab.models import Event
from runback.rehab.services import today

URL = reverse("rehab:checkin_status")


@pytest.mark.django_db
def test_weekly_status_is_stored(runner_with_plan_client: Client, runner_with_plan: User) -> None:
    response = runner_with_plan_client.post(
        URL, {"token": "w", "date": today().isoformat(), "pain_week_avg": "4", "anything_new": "no"}
    )
    assert response.status_code == 302
    assert Event.objects.get(runner=runner_with_plan).payload["pain_week_avg"] == 4


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["11", "-1", "four", ""])
def test_bad_weekly_status_writes_nothing(
    runner_with_plan_client: Client, runner_with_plan: User, value: str
) -> None:
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(
        URL, {"token": "w", "date": today().isoformat(), "pain_week_avg": value}
    )
    assert response.context["form"].errors["pain_week_avg"]
    assert stored(runner_with_plan) == before
