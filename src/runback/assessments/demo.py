"""Demo times for `runback demo`: the demo clinician offers assessments on the next two
weekdays, 9-12, every half hour. Idempotent: times already there are left out."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from runback.accounts.models import User
from runback.assessments.services import slot_series_create


def demo_slots_create(*, clinician: User, place: str = "Demo Klinik, behandlingsrum 1") -> int:
    """Publish the demo times (in `place`); returns how many were new."""
    day, created, weekdays = timezone.localdate(), 0, 0
    while weekdays < 2:
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        weekdays += 1
        result = slot_series_create(
            clinician=clinician,
            day=day,
            first=time(9, 0),
            last=time(12, 0),
            minutes=30,
            every=30,
            place=place,
        )
        created += len(result.created)
    return created
