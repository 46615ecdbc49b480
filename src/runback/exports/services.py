"""Writes for the exports: the runner's calendar feed and its reset."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from runback.accounts.models import User
from runback.exports.models import CalendarFeed, new_key, new_secret


def feed_get_or_create(*, runner: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(runner=runner)
    return feed


@transaction.atomic
def feed_reset(*, runner: User) -> CalendarFeed:
    """A new URL: the old one stops working at once. The events keep their UIDs, so a
    calendar subscribed to the new URL shows the same sessions, not copies."""
    feed = CalendarFeed.objects.select_for_update().filter(runner=runner).first()
    if feed is None:
        return CalendarFeed.objects.create(runner=runner)
    feed.key, feed.secret, feed.reset_at = new_key(), new_secret(), timezone.now()
    feed.save(update_fields=["key", "secret", "reset_at"])
    return feed
