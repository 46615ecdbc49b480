"""The clock: today's date where the runner lives (the settings' time zone)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
