"""Account deletion leaves no background-task row (django-tasks' database backend) that
names the person or a row of theirs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django_tasks import TaskResult
from django_tasks_db.models import DBTaskResult
from tests.assessments.conftest import at

from runback.accounts.models import ErasedBy, User
from runback.accounts.services_erasure import user_delete
from runback.assessments.services import booking_create, slot_create
from runback.assessments.tasks import booking_message_send
from runback.clinic.models import Alert
from runback.clinic.tasks import alert_email_send
from runback.common.clock import today
from runback.reminders.tasks import send_reminder

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _alert(runner: User) -> Alert:
    return Alert.objects.create(runner=runner, kind="red_session", source="s1", day=today())


def test_deletion_removes_the_task_rows_that_name_the_person(
    settings: Any, runner: User, other_runner: User, clinician: User
) -> None:
    settings.TASKS = DATABASE_TASKS
    slot = slot_create(clinician=clinician, starts_at=at(3), minutes=30, place="")
    booking = booking_create(runner=runner, slot_id=slot.pk)
    DBTaskResult.objects.all().delete()  # the booking's own emails
    mine: list[TaskResult[Any]] = [
        send_reminder.enqueue(runner_id=runner.pk, kind="nudge", day="2026-12-01"),
        booking_message_send.enqueue(
            booking_id=booking.pk,
            kind="booked",
            recipient_id=clinician.pk,  # about the runner's booking, to the clinician
            slot_id=slot.pk,
            sequence=0,
        ),
        alert_email_send.enqueue(_alert(runner).pk),  # positional
    ]
    running = send_reminder.enqueue(runner_id=runner.pk, kind="weekly", day="2026-12-02")
    DBTaskResult.objects.filter(pk=running.id).update(status="RUNNING")
    others: list[TaskResult[Any]] = [
        send_reminder.enqueue(runner_id=other_runner.pk, kind="nudge", day="2026-12-01"),
        alert_email_send.enqueue(_alert(other_runner).pk),
    ]
    runner_id = runner.pk
    erasure = user_delete(user=runner, erased_by=ErasedBy.SELF)
    assert not DBTaskResult.objects.filter(pk__in=[r.id for r in mine]).exists()
    assert {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)} == {
        running.id,
        *(r.id for r in others),
    }
    # The row a worker is running now is kept for its status, without its arguments.
    row = DBTaskResult.objects.get(pk=running.id)
    assert row.args_kwargs == {"args": [], "kwargs": {}}
    assert erasure.removed["django_tasks_database.DBTaskResult"] == 3
    # Nothing left names the person's id as a person.
    for row in DBTaskResult.objects.all():
        kwargs = row.args_kwargs.get("kwargs", {})
        assert kwargs.get("runner_id") != runner_id and kwargs.get("recipient_id") != runner_id
    assert str(runner_id) not in json.dumps(
        list(DBTaskResult.objects.filter(pk=running.id).values_list("args_kwargs", flat=True))
    )


def test_deleting_a_clinician_removes_the_rows_addressed_to_them(
    settings: Any, runner: User, clinician: User
) -> None:
    settings.TASKS = DATABASE_TASKS
    slot = slot_create(clinician=clinician, starts_at=at(3), minutes=30, place="")
    booking = booking_create(runner=runner, slot_id=slot.pk)
    to_clinician = booking_message_send.enqueue(
        booking_id=booking.pk, kind="booked", recipient_id=clinician.pk, slot_id=slot.pk, sequence=0
    )
    to_runner = booking_message_send.enqueue(
        booking_id=booking.pk, kind="booked", recipient_id=runner.pk, slot_id=slot.pk, sequence=0
    )
    user_delete(user=clinician, erased_by=ErasedBy.SELF)
    assert not DBTaskResult.objects.filter(pk=to_clinician.id).exists()
    assert DBTaskResult.objects.filter(pk=to_runner.id).exists()
