"""The check-in's compiled state read gives what the ORM read gives."""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from runback.accounts.models import User
from runback.accounts.services import consent_withdraw
from runback.rehab.selectors import runner_state_get
from runback.rehab.state_read import own_state_row


def _fields(row: Model | None) -> dict[str, object] | None:
    if row is None:
        return None
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


@pytest.mark.django_db
def test_the_compiled_read_equals_the_orm_read(runner: User, runner_with_plan: User) -> None:
    found = own_state_row(runner_with_plan)
    state = runner_state_get(viewer=runner_with_plan, runner_id=runner_with_plan.pk)
    assert found is not None and state is not None
    profile, snapshot, consented = found
    assert _fields(profile) == _fields(state.profile)
    assert _fields(snapshot) == _fields(state.snapshot)
    assert consented is True
    assert profile is not None and profile.runner is runner_with_plan


@pytest.mark.django_db
def test_before_the_intake_and_without_consent(runner: User) -> None:
    assert own_state_row(runner) == (None, None, True)
    consent_withdraw(user=runner)
    assert own_state_row(runner) == (None, None, False)
    runner.is_active = False
    runner.save()
    assert own_state_row(runner) is None


@pytest.mark.django_db
def test_a_check_in_page_without_consent_sends_to_the_consent_page(
    runner_with_plan: User, runner_with_plan_client: Client
) -> None:
    consent_withdraw(user=runner_with_plan)
    for name in ("rehab:checkin_status", "rehab:checkin_session", "rehab:checkin_strength"):
        response = runner_with_plan_client.post(reverse(name), {})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:consent")
