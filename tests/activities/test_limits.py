"""Bounded storage: one upload's total size and a runner's waiting uploads are limited,
refused at the field (Danish and English) with nothing stored."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from runback.activities import tasks
from runback.activities.forms import MB, refused_message
from runback.activities.models import ImportBatch, ImportUpload

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def post(client: Client, *files: tuple[str, bytes]) -> _MonkeyPatchedWSGIResponse:
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(reverse("activities:upload"), {"files": uploads})


def filler(size: int) -> bytes:
    return b"\x1f\x8b" + bytes(size - 2)  # looks like gzip; never read in these tests


@pytest.fixture
def no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large batches wait for a task worker that is not running."""

    class Queue:
        @staticmethod
        def enqueue(batch_id: int) -> None:
            pass

    monkeypatch.setattr(tasks, "batch_import", Queue)


@pytest.mark.django_db
@override_settings(RUNBACK_IMPORT_MAX_REQUEST_MB=1)
def test_an_upload_over_the_request_limit_is_refused_with_nothing_stored(
    runner_client: Client,
) -> None:
    response = post(runner_client, ("a.fit.gz", filler(600_000)), ("b.fit.gz", filler(600_000)))
    assert response.status_code == 413
    errors = response.context["form"].errors["files"]
    assert errors == [
        "Filerne fylder tilsammen mere end 1 MB (2 MB), som er det meste, én overførsel må "
        "rumme. Send dem i mindre dele."
    ]
    assert not ImportBatch.objects.exists() and not ImportUpload.objects.exists()


@pytest.mark.django_db
@override_settings(RUNBACK_IMPORT_MAX_REQUEST_MB=1)
def test_the_limit_holds_while_the_body_is_read(runner_client: Client) -> None:
    """No Content-Length to go by (as with a chunked body): the bytes are counted."""
    from runback.activities.uploads import FRAMING

    # Just under the limit with its framing, so the header alone does not refuse it.
    response = post(runner_client, ("a.fit.gz", filler(MB + FRAMING // 2)))
    assert response.status_code == 413
    assert not ImportBatch.objects.exists() and not ImportUpload.objects.exists()


def test_the_messages_in_english() -> None:
    with translation.override("en"):
        assert refused_message("request_too_large", 2 * MB + 1, 200 * MB) == (
            "These files come to more than 200 MB together (3 MB), the most one upload "
            "may hold. Send them in smaller parts."
        )
        assert refused_message("pending_too_large", 150 * MB, 200 * MB).startswith(
            "Files you sent earlier (150 MB) are still waiting to be read, and at most 200 MB"
        )


@pytest.mark.django_db
@override_settings(RUNBACK_IMPORT_MAX_PENDING_MB=1, RUNBACK_IMPORT_INLINE_MAX_KB=1)
def test_a_runners_waiting_uploads_are_limited(
    runner_client: Client, other_runner_client: Client, no_worker: None
) -> None:
    assert post(runner_client, ("a.fit.gz", filler(700_000))).status_code == 302
    refused = post(runner_client, ("b.fit.gz", filler(700_000)))
    assert refused.status_code == 400
    assert refused.context["form"].errors["files"] == [
        "Filer, du har sendt tidligere (1 MB), venter stadig på at blive læst, og der må "
        "højst vente 1 MB ad gangen. Send disse, når de er færdige, eller send færre ad gangen."
    ]
    assert ImportBatch.objects.count() == 1 and ImportUpload.objects.count() == 1
    # Another runner has their own room.
    assert post(other_runner_client, ("c.fit.gz", filler(700_000))).status_code == 302
    # Once the waiting batch is given up as interrupted, its upload no longer counts.
    ImportBatch.objects.update(updated_at=timezone.now() - timedelta(minutes=11))
    assert post(runner_client, ("b.fit.gz", filler(700_000))).status_code == 302
    assert set(ImportBatch.objects.values_list("status", flat=True)) == {"stopped", "queued"}
    assert ImportUpload.objects.count() == 1 + 1  # the other runner's and the new one
