"""Imports that survive a crash, and that never block a web worker for long: a large
upload goes to the task worker; a batch left "running" by a kill (the rows a kill leaves)
is resumed without reading any file twice, or stopped with its uploads removed; the
page says so instead of a progress figure forever; uploads go once read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from runback.accounts.models import User
from runback.activities import parsing, services, tasks
from runback.activities.models import Activity, ImportBatch, ImportItem, ImportUpload
from runback.activities.parsing import ActivitySummary
from runback.activities.services import IncomingFile
from tests.activities.files import START, fit_activity, gpx_activity


def incoming(name: str, data: bytes) -> IncomingFile:
    return IncomingFile(name, len(data), lambda: data)


def three_files() -> dict[str, bytes]:
    return {f"run{i}.fit": fit_activity(start=START + timedelta(days=i)) for i in range(3)}


def killed_batch(runner: User, minutes_ago: int = 11) -> ImportBatch:
    """The rows `kill -9` leaves in the middle of a batch: the first file imported, the
    second claimed ("running"), the third waiting; the batch running, its last progress
    `minutes_ago`, the uploads of the unread files still stored."""
    batch = services.batch_create(
        runner=runner, files=[incoming(n, d) for n, d in three_files().items()]
    )
    first, second, _third = batch.items.order_by("pk")
    upload = first.upload
    assert upload is not None  # each file is stored before it is read
    services._item_run(first, runner, bytes(upload.content), services.import_limits())
    ImportUpload.objects.filter(pk=upload.pk).delete()
    ImportItem.objects.filter(pk=second.pk).update(status=ImportItem.Status.RUNNING)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING,
        processed=1,
        updated_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    batch.refresh_from_db()
    return batch


@pytest.fixture
def enqueued(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The batches sent to the task worker (which is not running here)."""
    sent: list[int] = []

    class Queue:
        @staticmethod
        def enqueue(batch_id: int) -> None:
            sent.append(batch_id)

    monkeypatch.setattr(tasks, "batch_import", Queue)
    return sent


@pytest.mark.django_db
@override_settings(RUNBACK_IMPORT_INLINE_MAX_KB=1)
def test_a_large_upload_goes_to_the_worker(runner_client: Client, enqueued: list[int]) -> None:
    big = gpx_activity(points=400)
    assert len(big) > 1024
    response = runner_client.post(reverse("activities:upload"), {"files": [_file("big.gpx", big)]})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and enqueued == [batch.pk]
    assert batch.status == "queued" and not Activity.objects.exists()  # not read here
    page = runner_client.get(reverse("activities:batch", args=[batch.pk]))
    assert b"<progress" in page.content and b'http-equiv="refresh"' in page.content


@pytest.mark.django_db
def test_a_small_upload_is_read_at_once(runner_client: Client, enqueued: list[int]) -> None:
    runner_client.post(reverse("activities:upload"), {"files": [_file("a.fit", fit_activity())]})
    assert enqueued == [] and ImportBatch.objects.get().status == "done"
    assert Activity.objects.count() == 1 and not ImportUpload.objects.exists()


@pytest.mark.django_db
@override_settings(RUNBACK_TASK_WORKER=True)
def test_a_killed_batch_is_resumed_without_reading_a_file_twice(
    runner: User, enqueued: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = killed_batch(runner)
    read: list[str] = []
    parse = parsing.parse_activity  # what services imports and calls

    def counted(name: str, data: bytes, *a: int) -> ActivitySummary:
        read.append(name)
        return parse(name, data, *a)

    monkeypatch.setattr(services, "parse_activity", counted)
    assert tasks.batches_recover() == {"resumed": 1, "stopped": 0}
    assert enqueued == [batch.pk]
    services.batch_run(batch_id=batch.pk)  # the worker runs the task
    services.batch_run(batch_id=batch.pk)  # and again (a duplicate task): nothing changes
    assert read == ["run2.fit"]  # only the waiting file; run0 was read, run1 was being read
    states = dict(batch.items.values_list("name", "status"))
    assert states == {"run0.fit": "imported", "run1.fit": "failed", "run2.fit": "imported"}
    assert batch.items.get(name="run1.fit").problem == "interrupted"
    batch.refresh_from_db()
    assert batch.status == "done" and batch.processed == 3 and batch.resumed == 1
    assert not ImportUpload.objects.exists()


@pytest.mark.django_db
def test_without_a_worker_the_page_stops_a_killed_batch_and_says_so(
    runner: User, runner_client: Client
) -> None:
    batch = killed_batch(runner)
    page = runner_client.get(reverse("activities:batch", args=[batch.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Importen blev afbrudt og stoppede" in text
    assert "<progress" not in text and 'http-equiv="refresh"' not in text
    batch.refresh_from_db()
    assert batch.status == "stopped" and batch.finished_at is not None
    assert dict(batch.items.values_list("name", "status")) == {
        "run0.fit": "imported",
        "run1.fit": "failed",
        "run2.fit": "failed",
    }
    assert set(batch.items.values_list("problem", flat=True)) == {"", "interrupted"}
    assert not ImportUpload.objects.exists()  # the unread files are removed
    assert Activity.objects.filter(runner=runner).count() == 1


@pytest.mark.django_db
@override_settings(RUNBACK_TASK_WORKER=True)
def test_a_batch_interrupted_again_is_stopped(runner: User, enqueued: list[int]) -> None:
    batch = killed_batch(runner)
    assert tasks.batch_recover(batch_id=batch.pk) == "resumed"
    # The worker dies again before reading anything; the timeout passes once more.
    ImportBatch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - timedelta(minutes=11)
    )
    assert tasks.batch_recover(batch_id=batch.pk) == "stopped"
    assert tasks.batch_recover(batch_id=batch.pk) == ""  # once only
    assert not ImportUpload.objects.exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == "stopped"


@pytest.mark.django_db
def test_a_batch_still_within_the_timeout_is_left_alone(
    runner: User, runner_client: Client
) -> None:
    batch = killed_batch(runner, minutes_ago=2)
    page = runner_client.get(reverse("activities:batch", args=[batch.pk]))
    assert b"<progress" in page.content
    assert tasks.batches_recover() == {"resumed": 0, "stopped": 0}
    assert ImportBatch.objects.get(pk=batch.pk).status == "running"


@pytest.mark.django_db
def test_each_upload_is_deleted_once_its_files_are_read(runner: User) -> None:
    files = three_files()
    batch = services.batch_create(runner=runner, files=[incoming(n, d) for n, d in files.items()])
    left: list[int] = []
    services.batch_run(
        batch_id=batch.pk, progress=lambda b: left.append(ImportUpload.objects.count())
    )
    # Counted after each file is read, before its upload goes.
    assert left == [3, 2, 1] and not ImportUpload.objects.exists()
    assert ImportUpload.objects.filter(batch=batch).count() == 0


def _file(name: str, data: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
