"""A clinician's start step and exercise swaps on the plan-settings page, and a clearance
that lifts the flags the clinician ticks: stored as events with who and why, refused at
the field when out of bounds, and shown to the runner."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.clinic.conftest import flag, login
from tests.histories import give_intake

from runback.accounts.models import User
from runback.clinic.models import Decision
from runback.rehab.models import Snapshot

pytestmark = pytest.mark.django_db


def _form_data(client: Client, url: str) -> dict[str, Any]:
    form = client.get(url).context["form"]
    return {name: field.initial for name, field in form.fields.items() if field.initial is not None}


def _settings_page(clinician: User, runner: User) -> tuple[Client, str, dict[str, Any]]:
    """The clinician's client, the runner's plan-settings URL and the form as it stands."""
    client = login(clinician)
    url = f"/clinic/runners/{runner.pk}/settings/"
    return client, url, _form_data(client, url)


def test_the_form_shows_the_engines_bounds(runner_with_plan: User, clinician: User) -> None:
    page = login(clinician).get(f"/clinic/runners/{runner_with_plan.pk}/settings/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'value="intervals_5"' in body and 'value="intervals_6"' not in body
    assert "continuous" not in page.context["form"].fields["start_step"].choices[-1][0]
    swap = page.context["form"].fields["swap_split_squat"]
    assert [c for c, _label in swap.choices] == ["", "glute_bridge", "clamshell", "bird_dog"]


def test_start_step_and_swap_are_stored_with_who_and_why(
    runner_with_plan: User, clinician: User
) -> None:
    client, url, data = _settings_page(clinician, runner_with_plan)
    response = client.post(
        url,
        {
            **data,
            "start_step": "intervals_2",
            "swap_split_squat": "glute_bridge",
            "reason": "Runs 5 km comfortably; knee dislikes split squats.",
        },
    )
    assert response.status_code == 302
    event = runner_with_plan.rehab_events.get(type="settings")
    assert event.author == clinician
    assert event.payload["changes"] == {
        "start_step": "intervals_2",
        "exercise_swaps": {"split_squat": "glute_bridge"},
    }
    output = Snapshot.objects.get(runner=runner_with_plan).output
    assert (output["next_run"]["phase"], output["next_run"]["week"]) == ("intervals", 2)
    assert "glute_bridge" in [e["id"] for e in output["strength"]["exercises"]]
    decision = Decision.objects.get(runner=runner_with_plan)
    assert decision.author == clinician and decision.changes == event.payload["changes"]
    # The form now shows the current choices; saving nothing new is refused.
    again = client.post(url, {**_form_data(client, url), "reason": "Same"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    # Swaps can be undone.
    client.post(url, {**_form_data(client, url), "swap_split_squat": "", "reason": "Knee ok"})
    latest = runner_with_plan.rehab_events.filter(type="settings").order_by("-seq").first()
    assert latest is not None and latest.payload["changes"] == {"exercise_swaps": {}}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start_step", "continuous"),
        ("start_step", "intervals_6"),
        ("swap_split_squat", "cat_cow"),
        ("swap_split_squat", "dead_bug"),
        ("swap_dead_bug", "glute_bridge"),  # the same exercise twice (with split squat's)
    ],
)
def test_out_of_bounds_choices_are_refused_at_the_field(
    runner_with_plan: User, clinician: User, field: str, value: str
) -> None:
    client, url, data = _settings_page(clinician, runner_with_plan)
    data = {**data, "swap_split_squat": "glute_bridge", "reason": "Why"}
    response = client.post(url, {**data, field: value})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not runner_with_plan.rehab_events.filter(type="settings").exists()
    assert not Decision.objects.filter(runner=runner_with_plan).exists()


def test_the_runner_sees_the_change_and_who_made_it(
    runner_with_plan: User, clinician: User
) -> None:
    client, url, data = _settings_page(clinician, runner_with_plan)
    client.post(
        url,
        {**data, "start_step": "intervals_3", "swap_dead_bug": "bird_dog", "reason": "Fit"},
    )
    runner_client = login(runner_with_plan)
    runner_client.cookies["django_language"] = "en"
    today_page = runner_client.get("/today/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Fit" in today_page and clinician.email in today_page
    assert "Bird dog" in today_page and "intervals_3" not in today_page  # in words
    account = runner_client.get("/accounts/").content.decode()
    assert "Fit" in account


def test_a_clearance_lifts_only_the_ticked_flags(
    runner: User, clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        give_intake(runner)
    flag(runner, ["TRIAGE-5", "TRIAGE-14"], django_capture_on_commit_callbacks)
    client = login(clinician)
    record = client.get(f"/clinic/runners/{runner.pk}/")
    form = record.context["clear_form"]
    assert [c for c, _label in form.fields["flags"].choices] == ["TRIAGE-5", "TRIAGE-14"]
    assert form.fields["flags"].initial == ["TRIAGE-5", "TRIAGE-14"]  # all, by default
    body = record.content.decode()
    assert body.count('type="checkbox" name="flags"') == 2 and "(TRIAGE-14)" in body
    nothing = client.post(f"/clinic/runners/{runner.pk}/clear/", {"reason": "Seen"})
    assert nothing.status_code == 302 and not runner.rehab_events.filter(type="cleared").exists()
    client.post(
        f"/clinic/runners/{runner.pk}/clear/",
        {"reason": "No sign of infection.", "flags": ["TRIAGE-5"]},
    )
    event = runner.rehab_events.get(type="cleared")
    assert event.payload["flags"] == ["TRIAGE-5"] and event.payload["by"] == "clinician"
    triage = Snapshot.objects.get(runner=runner).output["triage"]
    assert triage["open_flags"] == [] and triage["advise_flags"] == ["TRIAGE-14"]
    assert Decision.objects.get(runner=runner).changes == {"flags": ["TRIAGE-5"]}
    # A flag that is not open cannot be ticked.
    refused = client.post(
        f"/clinic/runners/{runner.pk}/clear/", {"reason": "Seen", "flags": ["TRIAGE-1"]}
    )
    assert refused.status_code == 302
    assert runner.rehab_events.filter(type="cleared").count() == 1
