"""The task that sends one queued email (with RUNBACK_TASK_WORKER=1, run by `runback worker`;
a retry is sent by the worker's sweep, `runback.outbox.services.deliver_due`)."""

from __future__ import annotations

from django_tasks import task

from runback.outbox import services


@task()
def outbox_deliver(email_id: int) -> str:
    return services.deliver(email_id)
