"""The plan settings in force on a clinician's record, near the plan: the defaults said
plainly until a clinician changes something, then each changed setting with who set it
and when, read from the engine's state (nothing worked out again here)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.clinic.conftest import login

from runback.accounts.models import User
from runback.rehab.models import Snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-12-01 12:00 +01:00")]

DEFAULTS = "Metodens standardindstillinger gælder: intet er ændret for denne løber."
ENGLISH = ("default", "set by", "Plan settings", "instead of", "Where running starts", "Phase")


def _settings(body: str) -> str:
    """The record's plan settings, as the facts at the top show them."""
    start = body.index("<dt>Planindstillinger</dt>")
    return body[start : body.index("</dd>", start)]


def _change(client: Client, runner: User, **changes: Any) -> None:
    url = f"/clinic/runners/{runner.pk}/settings/"
    form = client.get(url).context["form"]
    data = {name: f.initial for name, f in form.fields.items() if f.initial is not None}
    response = client.post(url, {**data, "reason": "Assessed today.", **changes})
    assert response.status_code == 302, response.context["form"].errors


def test_the_defaults_before_any_change(runner_with_plan: User, clinician: User) -> None:
    body = login(clinician).get(f"/clinic/runners/{runner_with_plan.pk}/").content.decode()
    assert _settings(body).endswith(DEFAULTS + "\n")


def test_the_settings_in_force_with_who_and_when(runner_with_plan: User, clinician: User) -> None:
    client = login(clinician)
    _change(
        client,
        runner_with_plan,
        sessions_per_step=4,
        green_max_pain=3,
        start_step="intervals_2",
        swap_split_squat="glute_bridge",
    )
    body = client.get(f"/clinic/runners/{runner_with_plan.pk}/").content.decode()
    shown = _settings(body)
    assert DEFAULTS not in shown
    assert "Tålte ture før næste trin: 4 (standard 3)" in shown
    assert "Hvor løbet starter: Fase 2, uge 2: 4 × (løb 3 min, gå 2 min)" in shown
    assert "Øvelser byttet: Bækkenløft i stedet for Split squat" in shown
    assert shown.count("sat af clinician@example.com tirsdag den 1. december") == 4
    for english in ENGLISH:
        assert english not in shown, english


def test_a_setting_put_back_to_its_default_is_not_shown(
    runner_with_plan: User, clinician: User, other_clinician: User
) -> None:
    client = login(clinician)
    _change(client, runner_with_plan, sessions_per_step=4, runs_per_week=2)
    _change(client, runner_with_plan, sessions_per_step=3)
    shown = _settings(client.get(f"/clinic/runners/{runner_with_plan.pk}/").content.decode())
    assert "Tålte ture før næste trin" not in shown
    assert "Løbeture om ugen i fase 2: 2 (standard 3)" in shown
    _change(client, runner_with_plan, runs_per_week=3)
    body = client.get(f"/clinic/runners/{runner_with_plan.pk}/").content.decode()
    assert _settings(body).endswith(DEFAULTS + "\n")
    assert body.count("Planindstillinger ændret") == 3  # the history of changes stays below
    assert login(other_clinician).get(f"/clinic/runners/{runner_with_plan.pk}/").status_code == 404


def test_an_unreadable_state_claims_nothing(runner_with_plan: User, clinician: User) -> None:
    client = login(clinician)
    _change(client, runner_with_plan, sessions_per_step=4)
    snapshot = Snapshot.objects.get(runner=runner_with_plan)
    assert snapshot.state is not None  # the plan's state is stored
    snapshot.state = {**snapshot.state, "engine_version": "an older engine"}
    snapshot.save(update_fields=["state"])
    shown = _settings(client.get(f"/clinic/runners/{runner_with_plan.pk}/").content.decode())
    assert DEFAULTS not in shown and "kan ikke læses lige nu" in shown


def test_in_english_when_the_clinician_reads_english(
    runner_with_plan: User, clinician: User
) -> None:
    client = login(clinician)
    _change(client, runner_with_plan, sessions_per_step=4)
    client.cookies["django_language"] = "en"
    body = client.get(f"/clinic/runners/{runner_with_plan.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = body.content.decode()
    start = text.index("<dt>Plan settings</dt>")
    shown = text[start : text.index("</dd>", start)]
    assert "Tolerated sessions before the next step: 4 (default 3)" in shown
    assert "set by clinician@example.com on Tuesday 1 December" in shown
