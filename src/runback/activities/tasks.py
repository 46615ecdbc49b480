"""Background work: a large import batch (django-tasks; in-process without a worker)."""

from __future__ import annotations

from django_tasks import task

from runback.activities import services


@task()
def batch_import(batch_id: int) -> None:
    services.batch_run(batch_id=batch_id)
