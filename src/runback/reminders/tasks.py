"""The background task that sends one reminder (django-tasks: queued in the database with
RUNBACK_TASK_WORKER=1 and run by `runback worker`, otherwise run at once)."""

from __future__ import annotations

import logging
from datetime import date

from django_tasks import task

from runback.reminders import services

logger = logging.getLogger(__name__)


@task()
def send_reminder(runner_id: int, kind: str, day: str) -> bool:
    """Queue the reminder in the outbox and send it (a failure is retried from there)."""
    return services.reminder_send(runner_id=runner_id, kind=kind, day=date.fromisoformat(day))
