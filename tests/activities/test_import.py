"""Import batches: each file alone, stored once, limits as settings, uploads not kept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings

from runback.accounts.models import User
from runback.activities import services, tasks
from runback.activities.models import Activity, ImportBatch, ImportItem, ImportUpload
from runback.activities.services import IncomingFile
from tests.activities.files import (
    START,
    fit_activity,
    gpx_activity,
    gz,
    tcx_activity,
    zip_bomb,
    zipped,
)


def incoming(name: str, data: bytes) -> IncomingFile:
    return IncomingFile(name, len(data), lambda: data)


def run_batch(runner: User, files: dict[str, bytes]) -> ImportBatch:
    batch = services.batch_create(runner=runner, files=[incoming(n, d) for n, d in files.items()])
    return services.batch_run(batch_id=batch.pk)


def statuses(batch: ImportBatch) -> dict[str, tuple[str, str]]:
    return {i.name: (i.status, i.problem) for i in batch.items.all()}


@pytest.mark.django_db
def test_one_bad_file_fails_alone(runner: User) -> None:
    batch = run_batch(
        runner,
        {
            "a.fit": fit_activity(),
            "broken.fit": fit_activity(start=START + timedelta(days=1))[:-200],
            "c.gpx.gz": gz(gpx_activity(start=START + timedelta(days=2))),
            "d.tcx": tcx_activity(start=START + timedelta(days=3)),
        },
    )
    assert statuses(batch) == {
        "a.fit": ("imported", ""),
        "broken.fit": ("failed", "truncated"),
        "c.gpx.gz": ("imported", ""),
        "d.tcx": ("imported", ""),
    }
    assert batch.status == "done" and batch.processed == batch.total == 4
    assert Activity.objects.filter(runner=runner).count() == 3
    assert not ImportUpload.objects.exists()  # the uploads are not kept


@pytest.mark.django_db
def test_the_same_activity_twice_is_stored_once(runner: User) -> None:
    run_batch(runner, {"a.fit": fit_activity()})
    again = run_batch(runner, {"copy.fit.gz": gz(fit_activity()), "a.fit": fit_activity()})
    assert {s for s, _ in statuses(again).values()} == {"duplicate"}
    # The same run exported as another format: same sport and start second.
    other = run_batch(runner, {"a.gpx": gpx_activity()})
    assert statuses(other)["a.gpx"][0] == "duplicate"
    assert Activity.objects.filter(runner=runner).count() == 1


@pytest.mark.django_db
def test_another_runner_may_import_the_same_file(runner: User, other_runner: User) -> None:
    run_batch(runner, {"a.fit": fit_activity()})
    run_batch(other_runner, {"a.fit": fit_activity()})
    assert Activity.objects.count() == 2


@pytest.mark.django_db
def test_a_zip_export_with_a_bad_member(runner: User) -> None:
    archive = zipped(
        {
            "activities/1.fit.gz": gz(fit_activity()),
            "activities/2.gpx": gpx_activity(start=START + timedelta(days=1)),
            "activities/3.tcx": b"<TrainingCenterDatabase>",
            "activities.csv": b"id,name\n",
            "media/photo.jpg": b"\xff\xd8",
        }
    )
    batch = run_batch(runner, {"export.zip": archive})
    assert statuses(batch) == {
        "export.zip/activities/1.fit.gz": ("imported", ""),
        "export.zip/activities/2.gpx": ("imported", ""),
        "export.zip/activities/3.tcx": ("failed", "not_tcx"),
    }


@pytest.mark.django_db
@override_settings(RUNBACK_IMPORT_MAX_UNPACKED_MB=2)
def test_a_zip_bomb_fails_alone(runner: User) -> None:
    batch = run_batch(runner, {"bomb.zip": zip_bomb(20), "a.fit": fit_activity()})
    assert statuses(batch) == {
        "bomb.zip/bomb.fit": ("failed", "unpacked_too_large"),
        "a.fit": ("imported", ""),
    }


@pytest.mark.django_db
@override_settings(RUNBACK_IMPORT_MAX_FILE_MB=1)
def test_a_file_over_the_size_limit_is_not_even_read(runner: User) -> None:
    def never() -> bytes:
        raise AssertionError("read")

    batch = services.batch_create(
        runner=runner, files=[IncomingFile("huge.fit", 2 * 1024 * 1024, never)]
    )
    assert statuses(batch) == {"huge.fit": ("failed", "too_large")}


@pytest.mark.django_db
@override_settings(RUNBACK_IMPORT_MAX_FILES=2)
def test_too_many_files(runner: User) -> None:
    files = {f"{i}.gpx": gpx_activity(start=START + timedelta(days=i)) for i in range(3)}
    batch = run_batch(runner, {**files, "all.zip": zipped(files)})
    result = statuses(batch)
    assert result["2.gpx"] == ("failed", "too_many_files")
    assert result["all.zip"] == ("failed", "too_many_files")
    assert Activity.objects.count() == 2


@pytest.mark.django_db
def test_xml_bombs_and_impostors_fail_with_reasons(runner: User) -> None:
    from tests.activities.files import XML_BOMB_GPX, XML_BOMB_TCX

    batch = run_batch(
        runner, {"bomb.tcx": XML_BOMB_TCX, "bomb.gpx": XML_BOMB_GPX, "fake.fit": b"hello world!"}
    )
    assert statuses(batch) == {
        "bomb.tcx": ("failed", "xml_forbidden"),
        "bomb.gpx": ("failed", "xml_forbidden"),
        "fake.fit": ("failed", "not_fit"),
    }
    assert not Activity.objects.exists()


@pytest.mark.django_db
@override_settings(RUNBACK_IMPORT_BACKGROUND_FROM=1)
def test_a_large_batch_runs_as_a_task(runner: User) -> None:
    from django_tasks.signals import task_enqueued

    files = [
        incoming(f"{i}.fit", fit_activity(start=START + timedelta(days=i), pattern=[("run", 60)]))
        for i in range(3)
    ]
    batch = services.batch_create(runner=runner, files=files)
    enqueued: list[object] = []

    def seen(sender: object, task_result: object, **kwargs: object) -> None:
        enqueued.append(task_result)

    task_enqueued.connect(seen)
    try:
        tasks.batch_start(batch=batch)  # the test settings run tasks in-process
    finally:
        task_enqueued.disconnect(seen)
    assert len(enqueued) == 1
    batch.refresh_from_db()
    assert batch.status == "done" and batch.processed == 3
    assert Activity.objects.count() == 3


@pytest.mark.django_db
def test_progress_is_reported_per_file(runner: User) -> None:
    files = [incoming(f"{i}.gpx", gpx_activity(start=START + timedelta(days=i))) for i in range(3)]
    batch = services.batch_create(runner=runner, files=files)
    seen: list[tuple[int, int]] = []
    services.batch_run(batch_id=batch.pk, progress=lambda b: seen.append((b.processed, b.total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.django_db
@pytest.mark.shared
def test_real_files_import(runner: User, shared_data: Path) -> None:
    files = {
        p.name: p.read_bytes()
        for p in sorted(shared_data.rglob("*"))
        if p.suffix in {".fit", ".gpx", ".tcx"}
    }
    batch = run_batch(runner, files)
    result = statuses(batch)
    assert result["activity-unexpected-eof.fit"][0] == "failed"
    assert result["activity-filecrc.fit"][0] == "failed"
    assert result["activity-settings-corruptheader.fit"][0] == "failed"
    assert result["strava-android-app-201.10-b1218918.fit"] == ("imported", "warning")
    assert result["sample-activity-indoor-trainer.fit"][0] == "imported"
    indoor = Activity.objects.get(file_name="sample-activity-indoor-trainer.fit")
    assert not indoor.has_gps
    # Activity.fit and its damaged copies share content up to the damage: one stored.
    assert (
        ImportItem.objects.filter(batch=batch, status="imported").count()
        == Activity.objects.count()
    )


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_batch_waits_in_the_database(runner: User) -> None:
    """RUNBACK_TASK_WORKER=1: the upload only queues the batch; `runback worker` (the
    database worker) reads it."""
    from django.core.management import call_command

    database_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    files = [incoming(f"{i}.gpx", gpx_activity(start=START + timedelta(days=i))) for i in range(3)]
    with override_settings(TASKS=database_tasks, RUNBACK_IMPORT_BACKGROUND_FROM=1):
        batch = services.batch_create(runner=runner, files=files)
        tasks.batch_start(batch=batch)
        batch.refresh_from_db()
        assert batch.status == "queued" and batch.processed == 0
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.processed == 3
    assert Activity.objects.filter(runner=runner).count() == 3
