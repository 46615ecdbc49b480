"""Background work: a large import batch (django-tasks; in-process without a worker), and
the choice between running a batch at once and queueing it."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from runback.activities import services
from runback.activities.models import ImportBatch


@task()
def batch_import(batch_id: int) -> None:
    services.batch_run(batch_id=batch_id)


def batch_start(*, batch: ImportBatch) -> None:
    """Run the batch: a small one at once, a large one as a background task (which runs
    in this process too when no worker is configured)."""
    if batch.total - batch.processed <= settings.RUNBACK_IMPORT_BACKGROUND_FROM:
        services.batch_run(batch_id=batch.pk)
    else:
        batch_import.enqueue(batch.pk)
