"""Writes: batches of uploaded files, and each activity stored once, whole or not at all."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
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
        max_points=settings.RUNBACK_IMPORT_MAX_POINTS,
    )


class UploadRefused(Exception):
    """An upload refused as a whole (nothing stored): `code`, and the size and the
    limit in bytes."""

    def __init__(self, code: str, size: int, limit: int) -> None:
        super().__init__(code)
        self.code, self.size, self.limit = code, size, limit


def pending_bytes(runner: User) -> int:
    """The bytes of the runner's uploads that wait to be read."""
    total = ImportUpload.objects.filter(batch__runner=runner).aggregate(n=Sum("size"))["n"]
    return int(total or 0)


def upload_room_check(*, runner: User, size: int) -> None:
    """Raise UploadRefused when one upload of `size` bytes is over the request limit, or
    would take the runner's waiting uploads over theirs (the caller recovers the runner's
    stale batches first: `tasks.batches_recover`)."""
    limit = settings.RUNBACK_IMPORT_MAX_REQUEST_MB * MB
    if size > limit:
        raise UploadRefused("request_too_large", size, limit)
    room = settings.RUNBACK_IMPORT_MAX_PENDING_MB * MB
    waiting = pending_bytes(runner)
    if waiting + size > room:
        raise UploadRefused("pending_too_large", waiting, room)


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
    upload_id = ImportUpload.objects.create(batch=batch, name=name, size=len(data), content=data).pk
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
    upload_id = ImportUpload.objects.create(batch=batch, name=name, size=len(data), content=data).pk
    return [ImportItem(batch=batch, upload_id=upload_id, name=name)]


def batch_create(
    *, runner: User, files: Iterable[IncomingFile], room_check: bool = True
) -> ImportBatch:
    """A batch of files to import: one item per activity file (a zip's members each
    count); files over a limit are recorded as failed at once, with their reason.
    With `room_check` (uploads from the web), the upload as a whole is refused with
    UploadRefused, storing nothing, when it is over the request or the runner's limit."""
    limits = import_limits()
    files = list(files)
    with transaction.atomic():
        if room_check:
            upload_room_check(runner=runner, size=sum(f.size for f in files))
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


def _progress(batch: ImportBatch) -> None:
    """Count what is read (idempotent: counted from the items, not added up) and mark the
    batch as alive."""
    batch.processed = (
        ImportItem.objects.filter(batch=batch)
        .exclude(status__in=[ImportItem.Status.PENDING, ImportItem.Status.RUNNING])
        .count()
    )
    batch.updated_at = timezone.now()
    batch.save(update_fields=["processed", "updated_at"])


def batch_run(
    *, batch_id: int, progress: Callable[[ImportBatch], None] | None = None
) -> ImportBatch:
    """Read every waiting file of the batch, one at a time (memory stays bounded by the
    limits), counting progress as it goes; each upload is deleted once its files are read.

    Safe to run again, or twice at once: each file is claimed (waiting -> reading)
    before it is read, so none is read twice. A file left "reading" by a crash is not
    read again here; `batch_recover` fails it after the timeout."""
    limits = import_limits()
    batch = ImportBatch.objects.select_related("runner").get(pk=batch_id)
    if batch.status in {ImportBatch.Status.DONE, ImportBatch.Status.STOPPED}:
        return batch
    batch.status = ImportBatch.Status.RUNNING
    batch.updated_at = timezone.now()
    batch.save(update_fields=["status", "updated_at"])
    pending = ImportItem.objects.filter(batch=batch, status=ImportItem.Status.PENDING)
    upload_ids = list(pending.values_list("upload_id", flat=True).distinct().order_by("upload_id"))
    for upload_id in upload_ids:
        upload = ImportUpload.objects.filter(pk=upload_id).first()
        content = bytes(upload.content) if upload is not None else b""
        for item in pending.filter(upload_id=upload_id).order_by("pk"):
            claimed = ImportItem.objects.filter(
                pk=item.pk, status=ImportItem.Status.PENDING
            ).update(status=ImportItem.Status.RUNNING)
            if not claimed:  # another run has it
                continue
            if upload is None:
                item.status, item.problem = ImportItem.Status.FAILED, "internal"
                item.save(update_fields=["status", "problem"])
            else:
                _item_run(item, batch.runner, content, limits)
            _progress(batch)
            if progress is not None:
                progress(batch)
        del content
        unread = ImportItem.objects.filter(
            upload_id=upload_id,
            status__in=[ImportItem.Status.PENDING, ImportItem.Status.RUNNING],
        )
        if upload is not None and not unread.exists():
            upload.delete()
    return _batch_finish(batch)


def _batch_finish(batch: ImportBatch) -> ImportBatch:
    """Done when no file waits or is being read (by another run): the uploads go."""
    unread = batch.items.filter(
        status__in=[ImportItem.Status.PENDING, ImportItem.Status.RUNNING]
    ).exists()
    if unread:
        return batch
    with transaction.atomic():
        done = ImportBatch.objects.filter(
            pk=batch.pk, status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING]
        ).update(
            status=ImportBatch.Status.DONE,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            processed=F("total"),
        )
        ImportUpload.objects.filter(batch=batch).delete()
    if done:
        batch.refresh_from_db()
    return batch


MAX_RESUMES = 1


def batch_stale_before() -> datetime:
    return timezone.now() - timedelta(minutes=settings.RUNBACK_IMPORT_STALE_MINUTES)


def batch_is_stale(batch: ImportBatch) -> bool:
    return (
        batch.status in {ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING}
        and batch.updated_at < batch_stale_before()
    )


def batch_recover_state(*, batch_id: int, resume_here: bool = False) -> str:
    """An interrupted batch (no progress for RUNBACK_IMPORT_STALE_MINUTES): the file
    that was being read is failed (it may be what stopped the worker, so it is not read
    again); the rest is started again once in the task worker (or here, with
    `resume_here`), otherwise failed as interrupted, and its uploads removed.
    Returns "resumed" (the caller starts it again: `tasks.batch_recover`), "stopped" or ""
    (not stale, or another process recovered it)."""
    now = timezone.now()
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(
            pk=batch_id,
            status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING],
            updated_at__lt=batch_stale_before(),
        ).update(updated_at=now, resumed=F("resumed") + 1)
        if not claimed:
            return ""
        batch = ImportBatch.objects.get(pk=batch_id)
        items = ImportItem.objects.filter(batch=batch)
        items.filter(status=ImportItem.Status.RUNNING).update(
            status=ImportItem.Status.FAILED, problem="interrupted", detail="reading it stopped"
        )
        pending = items.filter(status=ImportItem.Status.PENDING)
        can_resume = settings.RUNBACK_TASK_WORKER or resume_here
        if can_resume and batch.resumed <= MAX_RESUMES and pending.exists():
            batch.status = ImportBatch.Status.QUEUED
            batch.save(update_fields=["status"])
            _progress(batch)
            outcome = "resumed"
        else:
            pending.update(
                status=ImportItem.Status.FAILED, problem="interrupted", detail="not read"
            )
            ImportUpload.objects.filter(batch=batch).delete()
            batch.status = ImportBatch.Status.STOPPED
            batch.finished_at = now
            batch.processed = batch.total
            batch.save(update_fields=["status", "finished_at", "processed"])
            log.warning("activity import %s stopped after an interruption", batch.pk)
            return "stopped"
    log.warning("activity import %s interrupted: started again", batch.pk)
    return outcome
