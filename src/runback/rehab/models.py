"""A runner's history as append-only events, their intake answers, and the snapshot of
the engine's advice written in the same transaction as each event."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RunnerProfile(models.Model):
    """The intake answers, in the engine contract's `profile` shape."""

    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rehab_profile"
    )
    answers = models.JSONField(default=dict)
    intake_completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("runner profile")
        verbose_name_plural = _("runner profiles")

    def __str__(self) -> str:
        return f"profile of {self.runner_id}"


class EventType(models.TextChoices):
    WALK = "walk", _("Walk")
    RUN = "run", _("Run")
    FOLLOWUP = "followup", _("Next-morning follow-up")
    STRENGTH = "strength", _("Strength training")
    STATUS = "status", _("Weekly status")
    RED_FLAG = "red_flag", _("New symptoms")
    CLEARED = "cleared", _("Cleared to train")
    SETTINGS = "settings", _("Plan settings")
    WITHDRAW = "withdraw", _("Withdrawn")


class Event(models.Model):
    """One thing that happened, as the engine contract's event JSON. Never changed or
    deleted: a correction is a new event that `replaces` the old one, a withdrawal is a
    `withdraw` event naming its `target`."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rehab_events"
    )
    seq = models.PositiveIntegerField(help_text="1, 2, 3 ... per runner, in recording order")
    type = models.CharField(max_length=16, choices=EventType.choices)
    payload = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # NULL (not ""): events without a token must not collide in the unique constraint.
    client_token = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, help_text="the form's one-time token (double submits)"
    )
    client_hash = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="a fingerprint of the data sent with the token",
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering: ClassVar = ["runner", "seq"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["runner", "seq"], name="rehab_event_runner_seq"),
            models.UniqueConstraint(
                fields=["runner", "client_token"], name="rehab_event_runner_token"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payload.get('id', '')} {self.type} {self.payload.get('date', '')}"

    @property
    def event_id(self) -> str:
        return str(self.payload.get("id", ""))


class Snapshot(models.Model):
    """The engine's output after the runner's latest event (or the latest refresh)."""

    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rehab_snapshot"
    )
    as_of = models.DateField()
    output = models.JSONField()
    event_count = models.PositiveIntegerField(default=0)
    # What the pages need besides the engine's output, written in the same transaction:
    # {"before": {"event": ID, "next_run": TEXT}}, the plan before the latest check-in
    # (the check-in's result page says whether it changed).
    meta = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    # The engine's fold state (JSON with its engine version) after event `folded_seq`:
    # a check-in folds its new event onto it instead of the whole history.
    state = models.JSONField(null=True, blank=True)
    folded_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self) -> str:
        return f"snapshot of {self.runner_id} as of {self.as_of}"


class SessionResult(models.Model):
    """A session's final result (zone, rules, reasons), once it can no longer change (the
    engine closes sessions older than the next-morning window). Written once per session,
    in the order of the fold; read by history and progress, never by Today."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rehab_session_results"
    )
    session_id = models.CharField(max_length=64)
    result = models.JSONField()

    class Meta:
        verbose_name = _("session result")
        verbose_name_plural = _("session results")
        ordering: ClassVar = ["runner", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["runner", "session_id"], name="rehab_sessionresult_runner_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} of {self.runner_id}"


class WeekResult(models.Model):
    """A closed calendar week's running minutes against the plan (the engine closes a week
    once a later week has begun). Written once per week; read by progress."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rehab_week_results"
    )
    week_start = models.DateField()
    row = models.JSONField()

    class Meta:
        verbose_name = _("week result")
        verbose_name_plural = _("week results")
        ordering: ClassVar = ["runner", "week_start"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["runner", "week_start"], name="rehab_weekresult_week"),
        ]

    def __str__(self) -> str:
        return f"{self.week_start} of {self.runner_id}"


class ProgressEntry(models.Model):
    """An entry the progress charts draw (a walk or a run, a next-morning answer, a
    strength log) as it stands after corrections and withdrawals: the engine's
    `effective_payloads` of those kinds, in their order. Kept in the same transaction as
    the events (a plain new entry is added; a correction or a withdrawal rebuilds them all),
    so that the progress page never reads the raw history."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rehab_progress_entries"
    )
    payload = models.JSONField()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering: ClassVar = ["runner", "id"]
        indexes: ClassVar = [models.Index(fields=["runner", "id"], name="rehab_progress_runner")]

    def __str__(self) -> str:
        return f"{self.payload.get('id', '')} of {self.runner_id}"
