"""The outbox: one row per email that matters, sent by whoever claims it first.

A row is written in the transaction of the thing the email is about (a booking, an alert, a
reset request), so the email cannot be lost when a process dies; it is marked sent only
after the mail server accepted it, retried with backoff when it did not, and its unique
`key` means it is queued once however often the caller asks. The message itself is built
when it is sent (from `params`, by the builder named by `purpose`), so no link that opens
an account is stored."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("nothing to send")  # e.g. no account has that address
    FAILED = "failed", _("not delivered")  # every attempt failed; an operator may retry


class Email(models.Model):
    key = models.CharField(max_length=200, unique=True)  # one email per purpose and thing
    purpose = models.CharField(max_length=40)  # which builder makes the message
    about_id = models.BigIntegerField(null=True, blank=True)  # e.g. the alert's id
    params = models.JSONField(default=dict)
    status = models.CharField(
        max_length=8, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # A sender owns the row until then (its `claim`); a sender killed mid-way lets it go.
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)  # never an address or body

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes: ClassVar = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_email_due"),
            models.Index(fields=["purpose", "about_id"], name="outbox_email_about"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.status} ({self.attempts} attempts)"
