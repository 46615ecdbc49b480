"""What the activities app does when the rehab app records something."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from runback.accounts.models import User
from runback.activities.models import Activity
from runback.rehab.models import Event
from runback.rehab.signals import session_logged_from_activity


@receiver(session_logged_from_activity)
def activity_link(*, runner: User, event: Event, activity: int, **kwargs: Any) -> None:
    """The activity a session was logged from points to it (only the runner's own)."""
    Activity.objects.filter(runner=runner, pk=activity).update(event=event)
