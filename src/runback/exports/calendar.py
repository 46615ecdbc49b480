"""The plan as an iCalendar feed (RFC 5545), from the engine's output alone.

The engine places the coming runs and walks (`upcoming_sessions`: from the next run's
earliest day through the end of the week after it, if every session goes well) and the
next strength session (its earliest day). The feed holds exactly those, as all-day
events; nothing is invented.

UIDs are the feed's random seed, the kind (run or strength) and the date. So an event
keeps its UID while its day keeps a session of its kind, and a calendar updates it when
the plan adapts (a harder or easier session that day) instead of adding a copy. A
session that moves to another day (after a red session, say) gets the UID of its new
date: the calendar shows it there, and the event of the old day leaves the feed and the
calendar. Keying by the date, not by the session's place in the list, keeps a change
at the front of the plan from rewriting every later event."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from runback.common.names import exercise_name, in_language
from runback.exports.selectors import sessions_planned

TIME_ZONE = "Europe/Copenhagen"


def _event(*, uid: str, start: date, end: date, summary: str, text: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)  # a date: an all-day event, the same in every time zone
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", text)
    event.add("transp", "TRANSPARENT")
    return event


def _session_event(session: dict[str, Any], first: bool, seed: UUID, stamp: datetime) -> Event:
    start = date.fromisoformat(session["date"])
    words = in_language(session.get("description"))
    if first:
        note = _(
            "This is the earliest day for your next session. The plan changes with your check-ins."
        )
    else:
        note = _(
            "The plan if every session before it goes well. When a session is not "
            "tolerated, or you run on other days, the plan changes and so does this event."
        )
    return _event(
        uid=f"{seed}-run-{start.isoformat()}@runback",
        start=start,
        end=start + timedelta(days=1),
        summary=_("Runback: %(session)s") % {"session": words},
        text="\n".join([words, note]),
        stamp=stamp,
    )


def _strength_event(strength: dict[str, Any], seed: UUID, stamp: datetime) -> Event | None:
    earliest = strength.get("earliest_date")
    exercises = strength.get("exercises") or []
    if not earliest or not exercises:
        return None
    start = date.fromisoformat(earliest)
    lines = [
        ngettext("%(name)s: %(sets)d set", "%(name)s: %(sets)d sets", item["sets"])
        % {"name": exercise_name(item["id"]), "sets": item["sets"]}
        for item in exercises
    ]
    lines.append(_("This is the earliest day for your next strength session."))
    return _event(
        uid=f"{seed}-strength-{start.isoformat()}@runback",
        start=start,
        end=start + timedelta(days=1),
        summary=_("Runback: strength training"),
        text="\n".join(lines),
        stamp=stamp,
    )


def plan_events(output: dict[str, Any], seed: UUID, stamp: datetime) -> list[Event]:
    """The planned sessions of `output` as events (none while paused or without a plan):
    each coming run or walk on its day, and the next strength session."""
    events = [
        _session_event(session, i == 0, seed, stamp)
        for i, session in enumerate(sessions_planned(output))
    ]
    strength = _strength_event(output.get("strength") or {}, seed, stamp)
    return events if strength is None else [*events, strength]


def calendar_ics(*, output: dict[str, Any], seed: UUID, language: str, stamp: datetime) -> bytes:
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//Runback//Runback plan//DA")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Runback plan"))
        calendar.add("x-wr-timezone", TIME_ZONE)
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
        for event in plan_events(output, seed, stamp):
            calendar.add_component(event)
        data: bytes = calendar.to_ical()
        return data
