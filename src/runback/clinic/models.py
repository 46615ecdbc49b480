"""A runner's share with a clinic (by invitation and explicit consent), the alerts a
clinic acts on, clinicians' private notes and the reasons for their decisions, and a
one-row summary per runner that the dashboard reads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from runback.accounts.models import Clinic


class Invitation(models.Model):
    """A code (or a link with it) that clinic staff give one runner. Used once; expires."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(max_length=16, unique=True)
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # Goes with the runner's account (the label may name them).
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.clinic} {self.code}"

    def usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class Share(models.Model):
    """A runner lets a clinic's staff see their record: the exact words they agreed to,
    when, and when they withdrew (access ends at once)."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_shares"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="shares")
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(help_text="The exact words the runner agreed to.")
    # Whether those words name the watch activities (every share from 1 December 2026 on):
    # a share given before shows the clinic no activities.
    includes_activities = models.BooleanField(default=False)
    language = models.CharField(max_length=8)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("share with a clinic")
        verbose_name_plural = _("shares with clinics")
        ordering: ClassVar = ["-given_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["runner", "clinic"],
                condition=Q(withdrawn_at__isnull=True),
                name="clinic_share_one_active",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["clinic", "withdrawn_at"], name="clinic_share_clinic_active"),
        ]

    def __str__(self) -> str:
        return f"{self.runner_id} -> {self.clinic_id}"


class AlertKind(models.TextChoices):
    EMERGENCY = "emergency", _("Red flag: emergency")
    PROMPT = "prompt", _("Red flag: see a doctor soon")
    ADVISE = "advise", _("Flag: see a doctor within weeks")
    RED_SESSION = "red_session", _("Red session")
    STALL = "stall", _("Running paused (stall)")
    ESCALATION = "escalation", _("Assessment recommended")
    # Not from the engine: a clinician marked a runner's quiet spell as handled.
    QUIET = "quiet", _("No recent check-in")


# Lower is more urgent: the dashboard's order.
URGENCY: dict[str, int] = {
    AlertKind.EMERGENCY.value: 0,
    AlertKind.PROMPT.value: 1,
    AlertKind.STALL.value: 2,
    AlertKind.ESCALATION.value: 3,
    AlertKind.RED_SESSION.value: 4,
    AlertKind.ADVISE.value: 5,
}
URGENCY_QUIET = 6  # no check-in for the set number of days
URGENCY_NONE = 9


def quiet_source(last_checkin_at: datetime | None) -> str:
    """The source of a quiet alert: the last check-in it is about, exact (so one per
    quiet spell), or "never" for a runner who has not checked in at all."""
    if last_checkin_at is None:
        return "quiet@never"
    return f"quiet@{last_checkin_at.astimezone(UTC).isoformat()}"


class Alert(models.Model):
    """Something a clinician should look at, made once per clinic from the engine's output
    (unique per runner, clinic, kind and source, e.g. TRIAGE-5@2026-01-20, a session id,
    ESC-5@date). A clinic sees, handles and annotates only its own.

    One kind is not from the engine: "quiet", stored only when a clinician marks a
    runner's quiet spell (no check-in for RUNBACK_CLINIC_QUIET_DAYS) as handled. It is
    made acknowledged, with the note, and names the last check-in it is about
    (`checkin_at`, null if there was none): the overview computes the quiet line itself
    and leaves it out while such an alert matches the runner's last check-in; a new
    check-in makes a later quiet spell show again."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_alerts"
    )
    # The clinic that acts on it: each clinic the runner shares with gets its own alert
    # (and handles it on its own); an alert without a clinic is seen by no clinic.
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=AlertKind.choices)
    source = models.CharField(max_length=64)
    rule = models.CharField(max_length=16, blank=True)
    day = models.DateField(help_text="the day it is about (reported, session, or seen)")
    created_at = models.DateTimeField(default=timezone.now)
    # The engine no longer reports it (a flag cleared, an escalation gone).
    resolved_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # A quiet alert's last check-in (null: the runner had never checked in); else null.
    checkin_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["runner", "clinic", "kind", "source"],
                name="clinic_alert_runner_clinic_kind_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source} of {self.runner_id} at {self.clinic_id}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None and self.resolved_at is None

    @property
    def urgency(self) -> int:
        return URGENCY.get(self.kind, URGENCY_NONE)


class Note(models.Model):
    """A clinician's private note on a runner: only the clinic's staff read it."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_notes"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clinician note")
        verbose_name_plural = _("clinician notes")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note on {self.runner_id}"


class DecisionKind(models.TextChoices):
    SETTINGS = "settings", _("Plan settings changed")
    CLEARED = "cleared", _("Red flag cleared after an assessment")


class Decision(models.Model):
    """Why a clinician changed a runner's plan (the event itself is in rehab); the runner
    reads what changed, who changed it and why."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_decisions"
    )
    clinic = models.ForeignKey(Clinic, null=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=DecisionKind.choices)
    event_id = models.CharField(max_length=64)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clinician decision")
        verbose_name_plural = _("clinician decisions")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id} of {self.runner_id}"


class Summary(models.Model):
    """What the dashboard shows of one runner, written after each snapshot (one row per
    runner, so the dashboard reads a page of rows, never the events)."""

    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_summary"
    )
    triage_level = models.CharField(max_length=16, default="none")
    phase = models.CharField(max_length=16, blank=True)
    step = models.CharField(max_length=32, blank=True)
    last_zone = models.CharField(max_length=16, blank=True)
    last_session_date = models.DateField(null=True, blank=True)
    last_checkin_at = models.DateTimeField(null=True, blank=True)
    open_followups = models.PositiveSmallIntegerField(default=0)
    escalations = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("runner summary")
        verbose_name_plural = _("runner summaries")

    def __str__(self) -> str:
        return f"summary of {self.runner_id}"
