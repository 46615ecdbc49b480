"""`runback worker`: django-tasks-db's worker, plus what it lacks (docs/tasks.md).

django-tasks-db claims a task by marking it RUNNING and never looks at it again: a worker
killed mid-task (kill -9, a lost machine) leaves it RUNNING for ever. Between batches of
tasks this loop (1) puts a task RUNNING for longer than RUNBACK_TASK_TIMEOUT_SECONDS back
to READY, so it runs again (every task is idempotent), or marks it FAILED once it has been
claimed RUNBACK_TASK_MAX_CLAIMS times (a task that kills its worker does not loop for
ever), and (2) sends the outbox's emails that are due (retries, and emails whose sender
died)."""

from __future__ import annotations

import argparse
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)

ABANDONED = "runback.outbox.worker.TaskAbandoned"


def tasks_stale_recover(*, now: datetime | None = None) -> dict[str, int]:
    """Reset (or fail) the tasks left RUNNING past the timeout. Returns how many of each."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.RUNBACK_TASK_TIMEOUT_SECONDS)
    counts = {"reset": 0, "failed": 0}
    stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for row in stale.only("pk", "started_at", "worker_ids", "task_path"):
        # Conditional on what we read: a row another recoverer or worker moved is left.
        same = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids) >= settings.RUNBACK_TASK_MAX_CLAIMS:
            done = same.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=ABANDONED,
                traceback=(
                    f"Claimed {len(row.worker_ids)} times and never finished: its worker "
                    "was stopped each time. Not run again; see docs/tasks.md."
                ),
            )
            counts["failed"] += done
            if done:
                logger.error("Task %s (%s) abandoned after crashes.", row.pk, row.task_path)
        else:
            done = same.update(status=TaskResultStatus.READY)
            counts["reset"] += done
            if done:
                logger.warning("Task %s (%s) was left running; runs again.", row.pk, row.task_path)
    return counts


def maintain() -> None:
    """One round of what the worker does between batches; a failure is logged only (the
    next round tries again)."""
    from runback.outbox.services import deliver_due

    try:
        tasks_stale_recover()
        deliver_due()
    except Exception:
        logger.warning("Worker maintenance failed; it runs again shortly.", exc_info=True)


def run(argv: list[str]) -> int:
    """Alternate maintenance and django-tasks-db's worker in batch mode (every task ready
    now, then back here); `--batch` does one round only. Other options go to db_worker."""
    parser = argparse.ArgumentParser(prog="runback worker", add_help=False)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--batch", action="store_true")
    args, rest = parser.parse_known_args(argv)
    while True:
        maintain()
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", *rest
        )
        if args.batch:
            maintain()  # what those tasks left due (e.g. a first failed attempt)
            return 0
        time.sleep(args.interval)
