"""rehab:checkin_status: the weekly average pain."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.rehab.helpers import stored

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab.models import Event, Snapshot

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


# --- the back's status asked again, and "anything new?" (issue 7) ----------------------------

FULL = {
    "token": "w2",
    "date": today().isoformat(),
    "pain_week_avg": "3",
    "comfortable_position": "no",
    "resting_pain": "7",
    "settle_time_min": "120",
    "radiating_leg_pain": "yes",
    "sleep_or_daily_life_affected": "yes",
    "unsure_what_is_allowed": "yes",
    "wants_structured_plan": "no",
    "anything_new": "no",
}
NO_FLAGS = {
    **{f"flags-triage_{i}": "no" for i in range(1, 14)},
    "flags-age_50_or_over": "no",
    "flags-pain_over_3_months": "no",
}


@pytest.mark.django_db
def test_the_status_asks_the_backs_state_prefilled_from_the_intake(
    runner_with_plan_client: Client,
) -> None:
    response = runner_with_plan_client.get(URL)
    body = response.content.decode()
    for name in [*FULL, "flags-triage_8", "flags-ibp_morning_stiffness"]:
        if name != "token":
            assert f'name="{name}"' in body, name
    initial = response.context["form"].initial
    # The intake (tests/personas.py): a comfortable position, resting pain 2, settles fast.
    assert initial["comfortable_position"] == "yes"
    assert initial["resting_pain"] == "2"
    assert initial["settle_time_min"] == "10"
    assert initial["radiating_leg_pain"] == "no"
    assert "anything_new" not in initial  # the runner answers that one every time
    assert "choices yes-no" in body


@pytest.mark.django_db
def test_all_answers_are_stored_and_prefill_next_week(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.post(URL, FULL)
    assert response.status_code == 302
    payload = Event.objects.get(runner=runner_with_plan).payload
    assert payload == {
        "type": "status",
        "id": "e1",
        "date": today().isoformat(),
        "pain_week_avg": 3,
        "comfortable_position": False,
        "resting_pain": 7,
        "settle_time_min": 120,
        "radiating_leg_pain": True,
        "sleep_or_daily_life_affected": True,
        "unsure_what_is_allowed": True,
        "wants_structured_plan": False,
    }
    snapshot = Snapshot.objects.get(runner=runner_with_plan)
    assert snapshot.output["irritability"] == "high"  # STR-IRR from the new answers
    assert {"ESC-2", "ESC-4", "ESC-5"} <= set(snapshot.output["escalations"])
    initial = runner_with_plan_client.get(URL).context["form"].initial
    assert initial["comfortable_position"] == "no"
    assert initial["resting_pain"] == "7"
    assert initial["settle_time_min"] == "120"
    assert initial["unsure_what_is_allowed"] == "yes"
    assert initial["wants_structured_plan"] == "no"


@pytest.mark.django_db
def test_something_new_records_the_flag_with_the_status(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    data = {**FULL, "anything_new": "yes", **NO_FLAGS, "flags-triage_5": "yes"}
    response = runner_with_plan_client.post(URL, data)
    assert response["Location"] == reverse("rehab:today")
    events = list(Event.objects.filter(runner=runner_with_plan).order_by("seq"))
    assert [e.type for e in events] == ["status", "red_flag"]
    assert events[1].payload["flags"] == ["TRIAGE-5"]
    page = runner_with_plan_client.get(reverse("rehab:today"))
    assert page.templates[0].name == "rehab/stop.html"


@pytest.mark.django_db
def test_something_new_needs_the_questions_answered(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(URL, {**FULL, "anything_new": "yes"})
    assert response.status_code == 200
    assert response.context["flag_form"].errors["triage_1"]
    assert response.context["flags_open"]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_nothing_new_ignores_the_flag_questions(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.post(URL, {**FULL, "flags-triage_1": "yes"})
    assert response.status_code == 302
    assert [e.type for e in Event.objects.filter(runner=runner_with_plan)] == ["status"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("resting_pain", "12"),
        ("settle_time_min", "45"),
        ("comfortable_position", "maybe"),
        ("anything_new", ""),
    ],
)
def test_bad_answers_write_nothing(
    runner_with_plan_client: Client, runner_with_plan: User, field: str, value: str
) -> None:
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(URL, {**FULL, field: value})
    assert response.context["form"].errors[field]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_a_correction_does_not_ask_for_red_flags(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(URL, FULL)
    response = runner_with_plan_client.get(reverse("rehab:event_correct", args=["e1"]))
    assert response.status_code == 200
    assert 'name="anything_new"' not in response.content.decode()
    assert response.context["form"].initial["resting_pain"] == 7


@pytest.mark.django_db
def test_the_another_one_box_shows_only_next_to_a_duplicate(
    runner_with_plan_client: Client,
) -> None:
    assert 'name="another"' not in runner_with_plan_client.get(URL).content.decode()
    form = {"date": today().isoformat(), "pain_week_avg": "3", "anything_new": "no"}
    assert runner_with_plan_client.post(URL, {**form, "token": "a"}).status_code == 302
    again = runner_with_plan_client.post(URL, {**form, "token": "b"}).content.decode()
    assert 'name="another"' in again and "duplicate-notice" in again


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["sent_again", "bad_field"])
def test_new_red_flags_are_never_lost_with_the_status(
    runner_with_plan_client: Client, runner_with_plan: User, how: str
) -> None:
    """A yes to a warning sign is recorded even when the status itself cannot be (the form
    sent again with the same token, or a bad field), and Today shows what to do."""
    from tests.rehab.test_symptoms import NO_FLAGS

    form = {"token": "t", "date": today().isoformat(), "pain_week_avg": "3", "anything_new": "no"}
    if how == "sent_again":
        assert runner_with_plan_client.post(URL, form).status_code == 302
    else:
        form["pain_week_avg"] = "eleven"
    flags = {f"flags-{k}": v for k, v in NO_FLAGS.items()} | {"flags-triage_1": "yes"}
    response = runner_with_plan_client.post(URL, {**form, "anything_new": "yes", **flags})
    assert response["Location"] == reverse("rehab:today")
    red = Event.objects.get(runner=runner_with_plan, type="red_flag")
    assert red.payload["flags"] == ["TRIAGE-1"]
    assert Snapshot.objects.get(runner=runner_with_plan).output["paused"] is True
