"""Writes: batches of uploaded files, and each activity stored once, whole or not at all."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from runback.accounts.models import User
from runback.activities.models import Activity, ImportBatch, ImportItem, ImportUpload
from runback.activities.parsing import ActivitySummary, ImportProblem, Limits, parse_activity
from runback.activities.parsing.containers import (
    is_zip,
    unpacked,
    zip_entries,
    zip_member,
)

log = logging.getLogger(__name__)
MB = 1024 * 1024


def import_limits() -> Limits:
    return Limits(
        max_file_bytes=settings.RUNBACK_IMPORT_MAX_FILE_MB * MB,
        max_files=settings.RUNBACK_IMPORT_MAX_FILES,
        max_unpacked_bytes=settings.RUNBACK_IMPORT_MAX_UNPACKED_MB * MB,
    )


@dataclass(frozen=True)
class IncomingFile:
    """A file offered for import: its name, its size, and how to read it (read only when
    the size is within the limit)."""

    name: str
    size: int
    read: Callable[[], bytes]


def _failed(batch: ImportBatch, name: str, problem: ImportProblem, member: str = "") -> ImportItem:
    return ImportItem(
        batch=batch,
        name=name[:512],
        member=member[:512],
        status=ImportItem.Status.FAILED,
        problem=problem.code,
        detail=problem.message[:255],
    )


def _zip_items(
    batch: ImportBatch, name: str, data: bytes, limits: Limits, room: int
) -> list[ImportItem]:
    """One item per activity file in a zip, or the zip as one failed item with its reason."""
    try:
        members = [entry.name for entry in zip_entries(data, limits)]
    except ImportProblem as problem:
        return [_failed(batch, name, problem)]
    if len(members) > room:
        too_many = ImportProblem(
            "too_many_files", f"an upload may hold at most {limits.max_files} activity files"
        )
        return [_failed(batch, name, too_many)]
    if not members:
        return [_failed(batch, name, ImportProblem("empty_archive", "it holds no activity files"))]
    upload_id = ImportUpload.objects.create(batch=batch, name=name, content=data).pk
    return [
        ImportItem(batch=batch, upload_id=upload_id, name=f"{name}/{member}"[:512], member=member)
        for member in members
    ]


def _items_for(
    batch: ImportBatch, incoming: IncomingFile, limits: Limits, room: int
) -> list[ImportItem]:
    name = incoming.name[:255]
    if incoming.size > limits.max_file_bytes:
        mb = limits.max_file_bytes // MB
        return [_failed(batch, name, ImportProblem("too_large", f"it is larger than {mb} MB"))]
    try:
        data = incoming.read()
    except (ImportProblem, OSError) as error:
        problem = (
            error
            if isinstance(error, ImportProblem)
            else ImportProblem("unreadable", "it cannot be read")
        )
        return [_failed(batch, name, problem)]
    if is_zip(name, data[:4]):
        return _zip_items(batch, name, data, limits, room)
    # By id: the items must not hold the file's bytes in memory until the batch is saved.
    upload_id = ImportUpload.objects.create(batch=batch, name=name, content=data).pk
    return [ImportItem(batch=batch, upload_id=upload_id, name=name)]


def batch_create(*, runner: User, files: Iterable[IncomingFile]) -> ImportBatch:
    """A batch of files to import: one item per activity file (a zip's members each
    count); files over a limit are recorded as failed at once, with their reason."""
    limits = import_limits()
    with transaction.atomic():
        batch = ImportBatch.objects.create(runner=runner)
        items: list[ImportItem] = []
        for incoming in files:
            room = limits.max_files - sum(1 for i in items if i.status == ImportItem.Status.PENDING)
            if room <= 0:
                problem = ImportProblem(
                    "too_many_files",
                    f"an upload may hold at most {limits.max_files} activity files",
                )
                items.append(_failed(batch, incoming.name, problem))
                continue
            items.extend(_items_for(batch, incoming, limits, room))
        ImportItem.objects.bulk_create(items)
        batch.total = len(items)
        batch.processed = sum(1 for i in items if i.status != ImportItem.Status.PENDING)
        batch.save(update_fields=["total", "processed"])
    return batch


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def activity_store(
    *, runner: User, name: str, data: bytes, summary: ActivitySummary
) -> tuple[Activity, bool]:
    """Store the activity once: the same content, or the same sport starting at the same
    second, is the one already stored (returned with False)."""
    digest = content_hash(data)
    start = summary.start
    if start is None:
        raise ImportProblem("no_start", "it has no times: a route, not a recorded activity")
    existing = (
        Activity.objects.filter(runner=runner, sha256=digest).first()
        or Activity.objects.filter(runner=runner, sport=summary.sport, start=start).first()
    )
    if existing is not None:
        return existing, False
    activity = Activity(
        runner=runner,
        sport=summary.sport,
        start=start,
        local_date=timezone.localtime(start).date(),
        elapsed_s=summary.elapsed_s,
        moving_s=summary.moving_s,
        distance_m=summary.distance_m,
        avg_hr=summary.avg_hr,
        avg_cadence_spm=summary.avg_cadence_spm,
        run_cadence_spm=summary.run_cadence_spm,
        has_gps=summary.has_gps,
        indoor=summary.indoor,
        segments=[{"kind": s.kind, "seconds": s.seconds} for s in summary.segments],
        run_s=summary.run_s,
        walk_s=summary.walk_s,
        file_format=summary.format,
        file_name=name.rsplit("/", 1)[-1][:255],
        sha256=digest,
        warnings=list(summary.warnings),
    )
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:  # the same file in a batch running at the same time
        again = Activity.objects.filter(runner=runner, sha256=digest).first()
        if again is None:
            raise
        return again, False
    return activity, True


def _item_bytes(item: ImportItem, content: bytes, limits: Limits) -> bytes:
    if item.member:
        return zip_member(content, item.member, limits)
    return unpacked(item.name, content, limits)


def _item_run(item: ImportItem, runner: User, content: bytes, limits: Limits) -> None:
    try:
        data = _item_bytes(item, content, limits)
        name = item.member or item.name
        summary = parse_activity(name, data)
        activity, created = activity_store(runner=runner, name=name, data=data, summary=summary)
    except ImportProblem as problem:
        item.status, item.problem, item.detail = (
            ImportItem.Status.FAILED,
            problem.code,
            problem.message[:255],
        )
    except Exception:  # a bug must not stop the batch or leave it half-read
        log.exception("activity import failed for item %s", item.pk)
        item.status, item.problem = ImportItem.Status.FAILED, "internal"
        item.detail = "it could not be read"
    else:
        item.activity = activity
        item.status = ImportItem.Status.IMPORTED if created else ImportItem.Status.DUPLICATE
        item.problem = "warning" if summary.warnings else ""
        item.detail = ",".join(summary.warnings)[:255]
    item.save(update_fields=["status", "problem", "detail", "activity"])


def batch_run(
    *, batch_id: int, progress: Callable[[ImportBatch], None] | None = None
) -> ImportBatch:
    """Read every waiting file of the batch, one at a time (memory stays bounded by the
    limits), counting progress as it goes; the uploads are deleted at the end."""
    limits = import_limits()
    batch = ImportBatch.objects.select_related("runner").get(pk=batch_id)
    if batch.status == ImportBatch.Status.DONE:
        return batch
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    pending = ImportItem.objects.filter(batch=batch, status=ImportItem.Status.PENDING)
    upload_ids = list(pending.values_list("upload_id", flat=True).distinct().order_by("upload_id"))
    for upload_id in upload_ids:
        upload = ImportUpload.objects.filter(pk=upload_id).first()
        content = bytes(upload.content) if upload is not None else b""
        for item in pending.filter(upload_id=upload_id).order_by("pk"):
            if upload is None:
                item.status, item.problem = ImportItem.Status.FAILED, "internal"
                item.save(update_fields=["status", "problem"])
            else:
                _item_run(item, batch.runner, content, limits)
            batch.processed += 1
            batch.save(update_fields=["processed"])
            if progress is not None:
                progress(batch)
        if upload is not None:
            upload.delete()
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.processed = batch.total
    batch.save(update_fields=["status", "finished_at", "processed"])
    ImportUpload.objects.filter(batch=batch).delete()
    return batch


def batch_start(*, batch: ImportBatch) -> None:
    """Run the batch: a small one at once, a large one as a background task (which runs
    in this process too when no worker is configured)."""
    from runback.activities.tasks import batch_import

    if batch.total - batch.processed <= settings.RUNBACK_IMPORT_BACKGROUND_FROM:
        batch_run(batch_id=batch.pk)
    else:
        batch_import.enqueue(batch.pk)
