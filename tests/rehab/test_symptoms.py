"""rehab:symptoms and rehab:cleared: red flags at any time, and resuming after a doctor."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runback.accounts.models import User
from runback.rehab.models import Event

NO_FLAGS = {f"triage_{i}": "no" for i in range(1, 8)}


@pytest.mark.django_db
def test_all_no_records_nothing(runner_with_plan_client: Client, runner_with_plan: User) -> None:
    response = runner_with_plan_client.post(reverse("rehab:symptoms"), NO_FLAGS)
    assert response["Location"] == reverse("rehab:today")
    assert not Event.objects.filter(runner=runner_with_plan).exists()


@pytest.mark.django_db
def test_a_yes_pauses_the_plan_until_a_doctor_clears_it(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(reverse("rehab:symptoms"), {**NO_FLAGS, "triage_5": "yes"})
    event = Event.objects.get(runner=runner_with_plan)
    assert event.type == "red_flag" and event.payload["flags"] == ["TRIAGE-5"]
    page = runner_with_plan_client.get(reverse("rehab:today"))
    assert page.templates[0].name == "rehab/stop.html"
    assert "Rumænsk dødløft" not in page.content.decode()
    # Check-ins wait too.
    assert runner_with_plan_client.get(reverse("rehab:checkin_session"))["Location"] == reverse(
        "rehab:today"
    )
    # Unticked confirmation: nothing recorded.
    runner_with_plan_client.post(reverse("rehab:cleared"), {})
    assert Event.objects.filter(runner=runner_with_plan).count() == 1
    runner_with_plan_client.post(reverse("rehab:cleared"), {"confirm": "on"})
    cleared = Event.objects.filter(runner=runner_with_plan).order_by("-seq").first()
    assert cleared is not None and cleared.payload["by"] == "doctor"
    page = runner_with_plan_client.get(reverse("rehab:today"))
    assert page.templates[0].name == "rehab/today.html"


@pytest.mark.django_db
def test_cleared_without_a_flag_does_nothing(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(reverse("rehab:cleared"), {"confirm": "on"})
    assert not Event.objects.filter(runner=runner_with_plan).exists()
