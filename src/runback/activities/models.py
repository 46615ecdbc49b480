"""Activities imported from watch files, and the batches that bring them in."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One upload (or one `runback activity import`): files are read one by one,
    in the background when a worker runs, and the page shows how far it has come.

    `updated_at` moves on with every file read: a batch waiting or running without
    progress for RUNBACK_IMPORT_STALE_MINUTES was interrupted (a killed worker or web
    process) and is resumed or stopped (`services.batch_recover`)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped")

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_batches"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, help_text="the last progress")
    resumed = models.PositiveSmallIntegerField(
        default=0, help_text="how often it was started again after an interruption"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"import {self.pk} of {self.runner_id}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.processed / self.total))


class ImportUpload(models.Model):
    """A file as uploaded (in the database, so any worker can read it), kept only until
    its activity files have been read, then deleted."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0, help_text="bytes, as uploaded")
    content = models.BinaryField()

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self) -> str:
        return self.name


class ImportItem(models.Model):
    """One activity file of a batch and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Reading")
        IMPORTED = "imported", _("Imported")
        DUPLICATE = "duplicate", _("Already imported")
        FAILED = "failed", _("Not imported")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    upload = models.ForeignKey(ImportUpload, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=512)
    member = models.CharField(max_length=512, blank=True, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    problem = models.CharField(max_length=32, blank=True, default="")
    detail = models.CharField(max_length=255, blank=True, default="")
    activity = models.ForeignKey(
        "Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        ordering: ClassVar = ["batch", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.status}"


class Activity(models.Model):
    """One recorded activity, as its file summarised it. Stored once per runner: the
    same content, or the same sport at the same start, is a duplicate."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    sport = models.CharField(max_length=32)
    start = models.DateTimeField()
    local_date = models.DateField(help_text="the day it started, in the app's time zone")
    elapsed_s = models.FloatField(null=True, blank=True)
    moving_s = models.FloatField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    avg_hr = models.PositiveSmallIntegerField(null=True, blank=True)
    avg_cadence_spm = models.FloatField(null=True, blank=True)
    run_cadence_spm = models.FloatField(
        null=True, blank=True, help_text="mean cadence while running (FORM-CAD)"
    )
    has_gps = models.BooleanField(default=False)
    indoor = models.BooleanField(default=False)
    segments = models.JSONField(default=list, blank=True)
    run_s = models.PositiveIntegerField(default=0)
    walk_s = models.PositiveIntegerField(default=0)
    file_format = models.CharField(max_length=4)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    warnings = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The session this activity was logged as: the entry's first event, set when the runner
    # logs it from the activity's check-in link (see `selectors.logged_sessions`).
    event = models.ForeignKey(
        "rehab.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering: ClassVar = ["-start"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["runner", "sha256"], name="activity_runner_content"),
            models.UniqueConstraint(
                fields=["runner", "sport", "start"], name="activity_runner_sport_start"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["runner", "local_date"])]

    def __str__(self) -> str:
        return f"{self.sport} {self.start:%Y-%m-%d %H:%M}"
