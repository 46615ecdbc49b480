"""The runner's reminder choices and the reminders sent to them, in their data download."""

from __future__ import annotations

from typing import Any

from runback.accounts.models import User
from runback.accounts.services_export import export_row
from runback.reminders.models import ReminderPreference, ReminderSent


def reminders_export(person: User) -> dict[str, Any]:
    preference = ReminderPreference.objects.filter(runner=person).first()
    return {
        "choices": export_row(preference, person=person, omit={"id", "runner"})
        if preference
        else None,
        "sent": [
            export_row(r, person=person, omit={"id", "runner"})
            for r in ReminderSent.objects.filter(runner=person).order_by("sent_at", "id")
        ],
    }
