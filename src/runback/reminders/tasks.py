"""The background task that sends one reminder (django-tasks: queued in the database with
RUNBACK_TASK_WORKER=1 and run by `runback worker`, otherwise run at once)."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.utils import timezone
from django_tasks import task

from runback.outbox.services import deliver_due
from runback.reminders import selectors, services

logger = logging.getLogger(__name__)


@task()
def send_reminder(runner_id: int, kind: str, day: str) -> bool:
    """Queue the reminder in the outbox and send it (a failure is retried from there)."""
    return services.reminder_send(runner_id=runner_id, kind=kind, day=date.fromisoformat(day))


def reminders_enqueue(*, now: datetime | None = None) -> int:
    """Queue every reminder due now (the tasks run at once without a worker), then retry
    the outbox's emails that are due (this command is the sender when no worker runs)."""
    due = selectors.reminders_due(now=now or timezone.now())
    for item in due:
        send_reminder.enqueue(runner_id=item.runner_id, kind=item.kind, day=item.day.isoformat())
    deliver_due()
    return len(due)
