"""A runner's private calendar subscription: a public key to find the feed and a secret
checked in constant time. Resetting makes a new pair, so an old URL stops working."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_urlsafe(12)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    runner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=32, unique=True, default=new_key)
    secret = models.CharField(max_length=64, default=new_secret)
    # The events' UIDs: stable while the plan adapts and across a reset of the URL, and
    # saying nothing about the runner.
    uid_seed = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    reset_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of {self.runner_id}"
