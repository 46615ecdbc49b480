"""rehab:export: everything stored about the runner, as JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from tests.personas import log_run

from runback.accounts.models import User


@pytest.mark.django_db
def test_export_has_own_data_only(
    runner_with_plan_client: Client, runner_with_plan: User, other_runner: User
) -> None:
    log_run(runner_with_plan, days_ago=1)
    response = runner_with_plan_client.get(reverse("rehab:export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == runner_with_plan.email
    assert [e["type"] for e in data["events"]] == ["run"]
    assert data["consents"][0]["text"]
    assert data["intake"]["answers"]["walking_tolerated"] is True
    assert other_runner.email not in response.content.decode()
