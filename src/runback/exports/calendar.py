"""The plan as an iCalendar feed (RFC 5545), from the engine's output alone.

The engine knows the next run (its earliest day), the next strength session (its earliest
day) and, for the coming weeks, how many runs and how many running minutes each holds; it
does not fix the days of later sessions. So the feed holds exactly that: two all-day
events and one all-day event spanning each planned week. Nothing is invented.
UIDs are stable (the feed's random seed and what the event is), so a calendar updates
an event when the plan adapts instead of adding a copy."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from runback.rehab.templatetags.rehab import exercise_name, in_language, minutes

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


def _run_event(next_run: dict[str, Any], seed: UUID, stamp: datetime) -> Event | None:
    earliest = next_run.get("earliest_date")
    if not earliest:
        return None
    start = date.fromisoformat(earliest)
    summary = _("Runback: walk") if next_run.get("phase") == "walk" else _("Runback: run")
    note = _(
        "This is the earliest day for your next session. The plan changes with your check-ins."
    )
    text = "\n".join([in_language(next_run.get("description")), note])
    return _event(
        uid=f"{seed}-next-run@runback",
        start=start,
        end=start + timedelta(days=1),
        summary=summary,
        text=text,
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
        uid=f"{seed}-next-strength@runback",
        start=start,
        end=start + timedelta(days=1),
        summary=_("Runback: strength training"),
        text="\n".join(lines),
        stamp=stamp,
    )


def _week_event(week: dict[str, Any], seed: UUID, stamp: datetime) -> Event:
    start = date.fromisoformat(week["week_start"])
    runs = int(week.get("sessions") or 0)
    summary = ngettext(
        "Runback: %(runs)d run, %(minutes)s min running in all",
        "Runback: %(runs)d runs, %(minutes)s min running in all",
        runs,
    ) % {"runs": runs, "minutes": minutes(week.get("run_minutes"))}
    text = _(
        "The plan for this week if your sessions go well. You choose the days; "
        "keep a day between runs."
    )
    return _event(
        uid=f"{seed}-week-{start.isoformat()}@runback",
        start=start,
        end=start + timedelta(days=7),
        summary=summary,
        text=text,
        stamp=stamp,
    )


def plan_events(output: dict[str, Any], seed: UUID, stamp: datetime) -> list[Event]:
    """The planned sessions of `output` as events (none while paused or without a plan)."""
    events = [
        _run_event(output.get("next_run") or {}, seed, stamp),
        _strength_event(output.get("strength") or {}, seed, stamp),
    ]
    events += [
        _week_event(week, seed, stamp)
        for week in output.get("upcoming_weeks") or []
        if week.get("week_start") and week.get("sessions")
    ]
    return [event for event in events if event is not None]


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
