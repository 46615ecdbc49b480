"""The runner's imported watch files in their data download: what was read from each file
(the files themselves are not kept) and what happened to each file they sent."""

from __future__ import annotations

from typing import Any

from runback.accounts.models import User
from runback.accounts.services_export import export_row
from runback.activities.models import Activity, ImportItem


def activities_export(person: User) -> dict[str, Any]:
    return {
        "activities": [
            export_row(a, person=person, omit={"id", "runner", "event"})
            | {"logged_as": a.event.event_id if a.event else None}
            for a in Activity.objects.filter(runner=person)
            .select_related("event")
            .order_by("start", "id")
        ],
        "files_sent": [
            export_row(i, person=person, omit={"id", "batch", "upload", "activity"})
            | {"sent_at": i.batch.created_at.isoformat()}
            for i in ImportItem.objects.filter(batch__runner=person)
            .select_related("batch")
            .order_by("batch_id", "id")
        ],
    }
