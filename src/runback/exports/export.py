"""The calendar feed in the runner's data download: that it exists and since when, not its
secret address (the download may be kept somewhere less safe than the account)."""

from __future__ import annotations

from typing import Any

from runback.accounts.models import User
from runback.accounts.services_export import export_row
from runback.exports.models import CalendarFeed


def calendar_feed_export(person: User) -> dict[str, Any] | None:
    feed = CalendarFeed.objects.filter(runner=person).first()
    if feed is None:
        return None
    return export_row(feed, person=person, omit={"id", "runner", "key", "secret", "uid_seed"})
