"""Values every template may use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from runback.accounts.helplines import call_plan, region_choices
from runback.accounts.mail import emails_are_sent


def runback(request: HttpRequest) -> dict[str, Any]:
    """The emergency number, who to call (the runner's region, the time of day), and
    whether this deployment sends emails at all."""
    user = getattr(request, "user", None)
    return {
        "emergency_number": settings.RUNBACK_EMERGENCY_NUMBER,
        "call": call_plan(user),
        "region_choices": region_choices(),
        "emails_sent": emails_are_sent(),
    }
