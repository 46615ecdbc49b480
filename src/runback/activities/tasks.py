"""Background work: a large import batch (django-tasks; in-process without a worker), the
choice between running a batch at once and queueing it, and starting an interrupted batch
again after `services.batch_recover_state` has claimed it."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Sum
from django_tasks import task

from runback.accounts.models import User
from runback.activities import services
from runback.activities.models import ImportBatch, ImportUpload


@task()
def batch_import(batch_id: int) -> None:
    services.batch_run(batch_id=batch_id)


def batch_start(*, batch: ImportBatch) -> None:
    """Run the batch: a small one (few files, few bytes) at once in this request; any
    other in the task worker (which runs it in this process, too, when no worker is
    configured: RUNBACK_TASK_WORKER=0, for development)."""
    waiting = batch.total - batch.processed
    size = ImportUpload.objects.filter(batch=batch).aggregate(n=Sum("size"))["n"] or 0
    small = size <= settings.RUNBACK_IMPORT_INLINE_MAX_KB * 1024
    if waiting <= settings.RUNBACK_IMPORT_BACKGROUND_FROM and small:
        services.batch_run(batch_id=batch.pk)
    else:
        batch_import.enqueue(batch.pk)


def batch_recover(*, batch_id: int, resume_here: bool = False) -> str:
    """Recover an interrupted batch (`services.batch_recover_state`) and, when it is to be
    resumed, start it again: in the task worker, or here without one."""
    outcome = services.batch_recover_state(batch_id=batch_id, resume_here=resume_here)
    if outcome == "resumed":
        if settings.RUNBACK_TASK_WORKER:
            batch_import.enqueue(batch_id)
        else:
            services.batch_run(batch_id=batch_id)
    return outcome


def batches_recover(*, runner: User | None = None, resume_here: bool = False) -> dict[str, int]:
    """Recover every stale batch (of one runner, or of all): counts by outcome."""
    stale = ImportBatch.objects.filter(
        status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING],
        updated_at__lt=services.batch_stale_before(),
    )
    if runner is not None:
        stale = stale.filter(runner=runner)
    counts = {"resumed": 0, "stopped": 0}
    for batch_id in stale.values_list("pk", flat=True):
        outcome = batch_recover(batch_id=batch_id, resume_here=resume_here)
        if outcome:
            counts[outcome] += 1
    return counts
