"""A runner's reminder choices and the log that keeps any reminder from going out twice."""

from __future__ import annotations

from datetime import time
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Europe/Copenhagen"


class ReminderKind(models.TextChoices):
    MORNING = "morning", _("the next-morning question")
    WEEKLY = "weekly", _("the weekly status")
    NUDGE = "nudge", _("a nudge after days without a check-in")


class ReminderPreference(models.Model):
    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    morning = models.BooleanField(_("the next-morning question"), default=True)
    weekly = models.BooleanField(_("the weekly status"), default=True)
    nudge = models.BooleanField(_("a nudge after days without a check-in"), default=True)
    send_at = models.TimeField(_("time of day"), default=time(8, 0))
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"reminders of {self.runner_id}"

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind, False))


class ReminderSent(models.Model):
    """One row per reminder sent: the unique constraint is what makes "never twice" hold
    when two senders run at once."""

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    # The day the reminder is for: the runner's local day (morning), the day the weekly
    # status fell due (weekly) or the day of the last check-in (nudge).
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["runner", "kind", "day"], name="reminders_one_per_runner_kind_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.runner_id} for {self.day}"
