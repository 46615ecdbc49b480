"""Helpers that build a runner's history (used by conftest.py and the rehab tests)."""

from __future__ import annotations

from datetime import timedelta

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record
from runback.rehab.intake.services import profile_save

INTAKE_ANSWERS = {
    "red_flags": [],
    "condition": "unknown",
    "comfortable_position": True,
    "resting_pain": 2,
    "settle_time_min": 10,
    "walking_tolerated": True,
    "radiating_leg_pain": False,
    "sleep_or_daily_life_affected": False,
    "strength_experience": False,
}


def give_intake(user: User, **answers: object) -> None:
    """A finished intake starting today (no red flags, walking is fine)."""
    merged = {**INTAKE_ANSWERS, "start_date": today().isoformat(), **answers}
    profile_save(runner=user, answers=merged, completed=True, author=user)


def log_run(user: User, *, days_ago: int = 1, pain: int = 2, **extra: object) -> str:

    payload = {
        "type": "run",
        "date": (today() - timedelta(days=days_ago)).isoformat(),
        "pain_before": pain,
        "pain_during": pain,
        "pain_after": pain,
        **extra,
    }
    event, _ = event_record(runner=user, author=user, payload=payload)
    return event.event_id
