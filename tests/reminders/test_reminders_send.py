"""Reminders with the clock pinned: the next-morning question at the runner's time, once;
none once answered, none after unsubscribing; the weekly status and the nudge when due."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from tests.histories import give_intake, log_run

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record
from runback.reminders import cli
from runback.reminders.models import ReminderKind, ReminderSent
from runback.reminders.selectors import preference_for
from runback.reminders.services import preference_save, reminder_send
from runback.reminders.tasks import reminders_enqueue

CPH = ZoneInfo("Europe/Copenhagen")
EVENING = datetime(2026, 12, 1, 19, 0, tzinfo=CPH)  # a Tuesday
MORNING = datetime(2026, 12, 2, 8, 0, tzinfo=CPH)


@pytest.fixture
def ran_last_night(runner: User, time_machine: Any) -> User:
    """A runner who started today and logged a run this evening (provisional)."""
    time_machine.move_to(EVENING, tick=False)
    give_intake(runner)
    log_run(runner, days_ago=0, pain=2)
    return runner


def send_at(moment: datetime, time_machine: Any) -> list[mail.EmailMessage]:
    time_machine.move_to(moment, tick=False)
    before = len(mail.outbox)
    reminders_enqueue()
    return list(mail.outbox[before:])


@pytest.mark.django_db
def test_one_email_the_next_morning_at_their_time(ran_last_night: User, time_machine: Any) -> None:
    assert send_at(EVENING + timedelta(hours=3), time_machine) == []
    assert send_at(MORNING - timedelta(minutes=1), time_machine) == []
    (email,) = send_at(MORNING, time_machine)
    assert email.to == [ran_last_night.email]
    assert email.subject == "Hvordan har din ryg det her til morgen?"
    assert "http://testserver/log/next-morning/" in email.body or "/log/next-morning/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in email.body and "/reminders/unsubscribe/" in link
    # none twice: again a few minutes later, and later that day
    assert send_at(MORNING + timedelta(minutes=5), time_machine) == []
    assert send_at(MORNING + timedelta(hours=9), time_machine) == []
    # the next day the session is two days old: the question is not sent again
    assert send_at(MORNING + timedelta(days=1), time_machine) == []
    assert ReminderSent.objects.filter(runner=ran_last_night).count() == 1


@pytest.mark.django_db
def test_none_if_already_answered(ran_last_night: User, time_machine: Any) -> None:
    time_machine.move_to(MORNING - timedelta(minutes=30), tick=False)
    session = ran_last_night.rehab_events.get(type="run").event_id
    event_record(
        runner=ran_last_night,
        author=ran_last_night,
        payload={"type": "followup", "session": session, "date": today().isoformat(), "pain": 1},
    )
    assert send_at(MORNING, time_machine) == []


@pytest.mark.django_db
def test_none_after_unsubscribing_with_one_click(ran_last_night: User, time_machine: Any) -> None:
    (email,) = send_at(MORNING, time_machine)
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    client = Client(enforce_csrf_checks=True)  # a mail client: no cookie, no CSRF token
    page = client.get(f"/{path}")
    assert page.status_code == 200 and "Stop mails" in page.content.decode()
    assert preference_for(ran_last_night).morning  # a GET (a link scanner) changes nothing
    response = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    ran_last_night.refresh_from_db()
    assert preference_for(ran_last_night).morning is False
    # another session, the next morning: nothing
    time_machine.move_to(MORNING + timedelta(hours=10), tick=False)
    log_run(ran_last_night, days_ago=0)
    assert send_at(MORNING + timedelta(days=1), time_machine) == []


@pytest.mark.django_db
def test_a_forged_unsubscribe_link_is_a_404(ran_last_night: User) -> None:
    client = Client()
    assert client.get("/reminders/unsubscribe/x/").status_code == 404
    assert client.post("/reminders/unsubscribe/abc:def/").status_code == 404


@pytest.mark.django_db
def test_the_runners_own_time_and_time_zone(ran_last_night: User, time_machine: Any) -> None:
    preference_save(runner=ran_last_night, send_at=time(6, 30), time_zone="Atlantic/Reykjavik")
    # 06:30 in Reykjavik is 07:30 in Copenhagen
    assert send_at(datetime(2026, 12, 2, 7, 29, tzinfo=CPH), time_machine) == []
    assert len(send_at(datetime(2026, 12, 2, 7, 30, tzinfo=CPH), time_machine)) == 1


@pytest.mark.django_db
def test_never_twice_even_when_two_senders_race(ran_last_night: User, time_machine: Any) -> None:
    time_machine.move_to(MORNING, tick=False)
    day = MORNING.date()
    assert reminder_send(runner_id=ran_last_night.pk, kind="morning", day=day) is True
    assert reminder_send(runner_id=ran_last_night.pk, kind="morning", day=day) is False
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(runner=ran_last_night, kind="morning", day=day)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_weekly_status_once_when_due(runner: User, time_machine: Any) -> None:
    time_machine.move_to(EVENING - timedelta(days=8), tick=False)
    give_intake(runner)
    time_machine.move_to(EVENING - timedelta(days=1), tick=False)
    log_run(runner, days_ago=0)  # a check-in, so no nudge
    followup_day = EVENING
    time_machine.move_to(followup_day, tick=False)
    session = runner.rehab_events.get(type="run").event_id
    event_record(
        runner=runner,
        author=runner,
        payload={"type": "followup", "session": session, "date": today().isoformat(), "pain": 1},
    )
    (email,) = send_at(MORNING, time_machine)
    assert email.subject == "Hvordan har din ryg haft det i denne uge?"
    assert "/log/week/" in email.body
    assert send_at(MORNING + timedelta(days=1), time_machine) == []


@pytest.mark.django_db
def test_nudge_after_n_days_without_a_check_in(
    runner: User, time_machine: Any, settings: Any
) -> None:
    settings.RUNBACK_REMINDER_NUDGE_DAYS = 3
    time_machine.move_to(EVENING - timedelta(days=1), tick=False)  # Monday evening
    give_intake(runner)
    preference_save(runner=runner, weekly=False)
    assert send_at(MORNING + timedelta(days=0), time_machine) == []  # 2 days: not yet
    (email,) = send_at(MORNING + timedelta(days=1), time_machine)
    assert email.subject == "Din plan venter på dig"
    assert "3 dage" in email.body
    assert send_at(MORNING + timedelta(days=2), time_machine) == []
    assert ReminderSent.objects.get(runner=runner).kind == ReminderKind.NUDGE


@pytest.mark.django_db
def test_english_runner_gets_english(ran_last_night: User, time_machine: Any) -> None:
    ran_last_night.language = "en"
    ran_last_night.save(update_fields=["language"])
    (email,) = send_at(MORNING, time_machine)
    assert email.subject == "How is your back this morning?"


@pytest.mark.django_db
def test_the_command_sends_what_is_due(ran_last_night: User, time_machine: Any) -> None:
    time_machine.move_to(MORNING, tick=False)
    assert cli.main(["send"]) == 0
    assert cli.main(["send"]) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_queued_for_the_worker_and_still_sent_once(
    ran_last_night: User, time_machine: Any, settings: Any
) -> None:
    """With RUNBACK_TASK_WORKER=1 the tasks wait in the database; two cron runs before
    the worker comes queue the reminder twice, and the worker sends it once."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    time_machine.move_to(MORNING, tick=False)
    assert reminders_enqueue() == 1
    assert reminders_enqueue() == 1
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 2
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(runner=ran_last_night).count() == 1
