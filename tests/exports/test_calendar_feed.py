"""exports:calendar_feed: the private iCalendar feed holds exactly the planned sessions
(parsed back with icalendar); only the secret URL opens it; the runner can reset it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from tests.histories import log_run

from runback.accounts.models import User
from runback.common.clock import today
from runback.exports.models import CalendarFeed
from runback.exports.services import feed_get_or_create
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import Snapshot


def feed_url(feed: CalendarFeed) -> str:
    return reverse("exports:calendar_feed", args=[feed.key, feed.secret])


def events_of(body: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def planned(output: dict[str, Any]) -> set[tuple[date, date, str]]:
    """(start, end, what) of every session the engine plans, from its output: the next
    run, the sessions after it, the next strength session."""
    sessions = output["upcoming_sessions"]
    assert sessions[0]["date"] == output["next_run"]["earliest_date"]
    runs = {(date.fromisoformat(s["date"]), s["description"]["da"]) for s in sessions}
    strength = {(date.fromisoformat(output["strength"]["earliest_date"]), "strength")}
    return {(start, start + timedelta(days=1), what) for start, what in runs | strength}


def in_feed(events: dict[str, Any]) -> set[tuple[date, date, str]]:
    found = set()
    for uid, event in events.items():
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date  # all-day: no time zone can shift it
        summary = str(event["SUMMARY"])
        if "styrketræning" in summary:
            assert uid.endswith(f"-strength-{start.isoformat()}@runback")
            what = "strength"
        else:
            assert uid.endswith(f"-run-{start.isoformat()}@runback")
            what = summary.removeprefix("Runback: ")
            assert str(event["DESCRIPTION"]).startswith(what)
        found.add((start, end, what))
    return found


@pytest.mark.django_db
def test_the_feed_holds_exactly_the_planned_sessions(runner_with_plan: User) -> None:
    feed = feed_get_or_create(runner=runner_with_plan)
    response = Client().get(feed_url(feed))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "no-store"
    output = Snapshot.objects.get(runner=runner_with_plan).output
    events = events_of(response.content)
    assert in_feed(events) == planned(output)
    assert len(events) == 1 + len(output["upcoming_sessions"])
    for event in events.values():
        assert "DTSTAMP" in event
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Copenhagen"
    next_run = output["next_run"]["description"]["da"]
    assert any(next_run in str(e["DESCRIPTION"]) for e in events.values())


@pytest.mark.django_db
def test_uids_are_stable_as_the_plan_adapts(runner_with_plan: User) -> None:
    feed = feed_get_or_create(runner=runner_with_plan)
    before = events_of(Client().get(feed_url(feed)).content)
    session = log_run(runner_with_plan, days_ago=2, pain=1)
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "followup", "session": session, "date": today().isoformat(), "pain": 1},
    )
    after_body = Client().get(feed_url(feed)).content
    after = events_of(after_body)
    output = Snapshot.objects.get(runner=runner_with_plan).output
    assert in_feed(after) == planned(output)
    first = output["next_run"]["earliest_date"]
    run_uid = next(uid for uid in before if uid.endswith(f"-run-{first}@runback"))
    assert run_uid in after  # the same event, updated
    assert str(before[run_uid]["DESCRIPTION"]) != str(after[run_uid]["DESCRIPTION"])


@pytest.mark.django_db
def test_a_wrong_token_is_a_404(runner_with_plan: User) -> None:
    feed = feed_get_or_create(runner=runner_with_plan)
    client = Client()
    wrong_secret = reverse("exports:calendar_feed", args=[feed.key, feed.secret[:-1] + "x"])
    wrong_key = reverse("exports:calendar_feed", args=["nokey", feed.secret])
    assert client.get(wrong_secret).status_code == 404
    assert client.get(wrong_key).status_code == 404
    assert b"BEGIN:VCALENDAR" not in client.get(wrong_secret).content


@pytest.mark.django_db
def test_resetting_makes_the_old_url_stop_and_keeps_the_uids(
    runner_with_plan: User, runner_with_plan_client: Client
) -> None:
    page = runner_with_plan_client.get(reverse("exports:calendar"))
    feed = CalendarFeed.objects.get(runner=runner_with_plan)
    old_url = feed_url(feed)
    assert old_url in page.content.decode()
    uids = set(events_of(Client().get(old_url).content))
    response = runner_with_plan_client.post(reverse("exports:calendar"))
    assert response.status_code == 302
    feed.refresh_from_db()
    assert Client().get(old_url).status_code == 404
    assert set(events_of(Client().get(feed_url(feed)).content)) == uids


@pytest.mark.django_db
def test_a_paused_plan_publishes_nothing(runner_with_plan: User) -> None:
    feed = feed_get_or_create(runner=runner_with_plan)
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "red_flag", "date": today().isoformat(), "flags": ["TRIAGE-1"]},
    )
    assert events_of(Client().get(feed_url(feed)).content) == {}


@pytest.mark.django_db
def test_english_runner_gets_english_texts(runner_with_plan: User) -> None:
    runner_with_plan.language = "en"
    runner_with_plan.save(update_fields=["language"])
    feed = feed_get_or_create(runner=runner_with_plan)
    events = events_of(Client().get(feed_url(feed)).content)
    assert "Runback: strength training" in {str(e["SUMMARY"]) for e in events.values()}


@pytest.mark.django_db
def test_later_sessions_say_they_follow_the_plan_if_all_goes_well(runner_with_plan: User) -> None:
    feed = feed_get_or_create(runner=runner_with_plan)
    events = events_of(Client().get(feed_url(feed)).content)
    output = Snapshot.objects.get(runner=runner_with_plan).output
    later = [s["date"] for s in output["upcoming_sessions"][1:]]
    assert later
    for day in later:
        (event,) = [e for uid, e in events.items() if uid.endswith(f"-run-{day}@runback")]
        assert "hvis" in str(event["DESCRIPTION"])  # "if every session before it goes well"
