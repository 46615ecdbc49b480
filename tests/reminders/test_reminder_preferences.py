"""reminders:preferences: each reminder can be turned off; time and time zone are the
runner's; a bad value is refused at its field."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from runback.accounts.models import User
from runback.accounts.services import consent_withdraw
from runback.reminders.models import ReminderPreference

URL = reverse("reminders:preferences")


@pytest.mark.django_db
def test_defaults_are_on_at_eight_copenhagen_time(runner_client: Client) -> None:
    body = runner_client.get(URL).content.decode()
    assert 'value="08:00"' in body
    assert '<option value="Europe/Copenhagen" selected>' in body
    assert "Stil mig spørgsmålet næste morgen på mail" in body


@pytest.mark.django_db
def test_turning_reminders_off_and_choosing_a_time(runner_client: Client, runner: User) -> None:
    response = runner_client.post(
        URL, {"morning": "on", "send_at": "06:45", "time_zone": "Europe/London"}
    )
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(runner=runner)
    assert (preference.morning, preference.weekly, preference.nudge) == (True, False, False)
    assert preference.send_at == time(6, 45)
    assert preference.time_zone == "Europe/London"


@pytest.mark.django_db
def test_bad_values_are_refused_at_the_field(runner_client: Client, runner: User) -> None:
    response = runner_client.post(URL, {"send_at": "25:99", "time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"send_at", "time_zone"}
    assert not ReminderPreference.objects.filter(runner=runner).exists()


@pytest.mark.django_db
def test_reminders_can_be_switched_off_after_withdrawing_consent(
    runner_client: Client, runner: User
) -> None:
    consent_withdraw(user=runner)
    response = runner_client.post(URL, {"send_at": "08:00", "time_zone": "Europe/Copenhagen"})
    assert response.status_code == 302
    assert ReminderPreference.objects.get(runner=runner).morning is False


@pytest.mark.django_db
def test_links_on_today_and_the_account_page(runner_with_plan_client: Client) -> None:
    today = runner_with_plan_client.get(reverse("rehab:today")).content.decode()
    for name in ("exports:workout", "exports:calendar", "exports:plan_print"):
        assert reverse(name) in today
    account = runner_with_plan_client.get(reverse("accounts:account")).content.decode()
    for name in ("reminders:preferences", "exports:calendar", "exports:plan_print"):
        assert reverse(name) in account


@pytest.mark.django_db
def test_without_a_mail_server_the_page_says_nothing_is_sent(
    runner_client: Client, settings: Settings
) -> None:
    assert "sender endnu ikke e-mails" not in runner_client.get(URL).content.decode()
    settings.EMAIL_BACKEND = "runback.accounts.mail.UnsentEmailBackend"
    assert "sender endnu ikke e-mails" in runner_client.get(URL).content.decode()
