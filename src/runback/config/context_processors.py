"""Values every template may use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def runback(request: HttpRequest) -> dict[str, Any]:
    return {
        "emergency_number": settings.RUNBACK_EMERGENCY_NUMBER,
        "medical_helpline": settings.RUNBACK_MEDICAL_HELPLINE,
    }
