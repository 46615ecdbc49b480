"""accounts:delete: erase the person and everything about them, after the password."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from tests.personas import log_run

from runback.accounts.models import AuditEntry, Consent, User
from runback.rehab.models import Event, RunnerProfile, Snapshot

URL = reverse("accounts:delete")


@pytest.mark.django_db
def test_wrong_password_deletes_nothing(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.post(URL, {"password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=runner_with_plan.pk).exists()


@pytest.mark.django_db
def test_delete_erases_the_person_and_their_history_only(
    runner_with_plan_client: Client, runner_with_plan: User, other_runner: User
) -> None:
    log_run(runner_with_plan, days_ago=1)
    other_events = Event.objects.filter(runner=other_runner).count()
    response = runner_with_plan_client.post(URL, {"password": "correct-horse-battery-staple"})
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=runner_with_plan.pk).exists()
    for model in (Event, RunnerProfile, Snapshot):
        assert not model.objects.filter(runner_id=runner_with_plan.pk).exists()
    assert not Consent.objects.filter(user_id=runner_with_plan.pk).exists()
    assert not AuditEntry.objects.filter(subject_id=runner_with_plan.pk).exists()
    assert Event.objects.filter(runner=other_runner).count() == other_events
    assert "_auth_user_id" not in runner_with_plan_client.session


@pytest.mark.django_db
def test_wrong_passwords_on_delete_count_towards_the_login_lockout(
    runner_client: Client, runner: User
) -> None:
    """Otherwise a stolen session could guess the password without limit."""
    login_url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert runner_client.post(URL, {"password": "wrong"}).status_code == 200
    # The last failure is a login attempt: the same count, so it locks.
    assert Client().post(login_url, {"username": runner.email, "password": "x"}).status_code == 429
    # While locked, the right password deletes nothing.
    assert runner_client.post(URL, {"password": "correct-horse-battery-staple"}).status_code == 429
    assert User.objects.filter(pk=runner.pk).exists()
