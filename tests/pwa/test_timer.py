"""The interval timer: its segments come from the engine's `next_run`, for the runner
only; Today offers "Start" when the session is due."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from runback.accounts.models import User
from runback.common.clock import today
from runback.pwa.selectors import timer_segments
from runback.pwa.templatetags.pwa import due_today
from tests.rehab.test_accessibility import Page

URL = reverse("pwa:timer")


def _rounds(rounds: int, run_s: int, walk_s: int) -> list[dict[str, Any]]:
    """The engine's `next_run.segments` of each round: its run, then its walk."""
    return [
        {"kind": kind, "seconds": seconds, "round": n}
        for n in range(1, rounds + 1)
        for kind, seconds in (("run", run_s), ("walk", walk_s))
    ]


WARMUP_5 = {"kind": "warmup", "seconds": 300, "round": 0}
# A next_run as the engine gives it (the fields the timer reads).
TEST_SESSION: Any = {
    "phase": "test",
    "rounds": 3,
    "run_min": 1,
    "walk_min": 3,
    "warmup_walk_min": 5,
    "earliest_date": "2026-12-01",
    "segments": [WARMUP_5, *_rounds(3, 60, 180)],
}


def timer_json(body: str) -> dict[str, Any]:
    found = re.search(r'<script id="timer-data" type="application/json">(.*?)</script>', body, re.S)
    assert found, "the timer's data block"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_the_test_session_is_a_warm_up_walk_then_three_rounds() -> None:
    with translation.override("en"):
        segments = timer_segments(TEST_SESSION)
    shape = [(s.kind, s.seconds, s.round) for s in segments]
    assert shape == [
        ("walk", 300, 0),
        ("run", 60, 1),
        ("walk", 180, 1),
        ("run", 60, 2),
        ("walk", 180, 2),
        ("run", 60, 3),
        ("walk", 180, 3),
    ]
    assert segments[0].cue == "Walk to warm up for 5 minutes."
    assert segments[1].cue == "Run for 1 minute. Round 1 of 3"
    assert segments[1].detail == "Round 1 of 3"


def test_danish_cues() -> None:
    with translation.override("da"):
        segments = timer_segments(TEST_SESSION)
    assert segments[1].label == "Løb"
    assert segments[2].label == "Gå"
    assert "minut" in segments[1].cue and "Runde 1 af 3" in segments[1].cue


@pytest.mark.parametrize(
    ("next_run", "expected"),
    [
        (
            {
                "phase": "walk",
                "rounds": None,
                "walk_min": 20,
                "segments": [{"kind": "walk", "seconds": 1200, "round": 0}],
            },
            [("walk", 1200)],
        ),
        (
            {
                "phase": "continuous",
                "rounds": None,
                "continuous_min": 25,
                "segments": [{"kind": "run", "seconds": 1500, "round": 0}],
            },
            [("run", 1500)],
        ),
        (
            {
                "phase": "intervals",
                "rounds": 2,
                "run_min": 8,
                "walk_min": 2,
                "warmup_walk_min": 5,
                "segments": [WARMUP_5, *_rounds(2, 480, 120)],
            },
            [("walk", 300), ("run", 480), ("walk", 120), ("run", 480), ("walk", 120)],
        ),
        (None, []),
        ({"phase": "intervals", "rounds": 0, "run_min": 2, "walk_min": 2, "segments": []}, []),
        (  # a part of no length is not timed
            {
                "phase": "walk",
                "rounds": None,
                "walk_min": 0,
                "segments": [{"kind": "walk", "seconds": 0, "round": 0}],
            },
            [],
        ),
    ],
)
def test_every_phase(next_run: Any, expected: list[tuple[str, int]]) -> None:
    assert [(s.kind, s.seconds) for s in timer_segments(next_run)] == expected


@pytest.mark.django_db
def test_the_timer_page_hands_the_segments_of_next_run_to_its_script(
    runner_with_plan_client: Client, runner_with_plan: User, django_assert_max_num_queries: Any
) -> None:
    runner_with_plan_client.get(reverse("rehab:today"))  # the snapshot is made
    with django_assert_max_num_queries(4):
        response = runner_with_plan_client.get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    data = timer_json(body)
    next_run = runner_with_plan.rehab_snapshot.output["next_run"]
    expected = [(s.kind, s.seconds) for s in timer_segments(next_run)]
    assert [(s["kind"], s["seconds"]) for s in data["segments"]] == expected
    assert data["checkin_url"] == reverse("rehab:checkin_session")
    assert data["speech_lang"] == "da-DK"
    # CSP: data, not code; the page's scripts are our static files
    assert "<script>" not in body
    assert 'src="/static/runback/timer.js"' in body


@pytest.mark.django_db
def test_today_offers_start_when_the_session_is_due(runner_with_plan_client: Client) -> None:
    body = runner_with_plan_client.get(reverse("rehab:today")).content.decode()
    assert f'href="{URL}"' in body


@pytest.mark.django_db
def test_others_are_refused(
    anonymous_client: Client, clinician_client: Client, runner_client: Client
) -> None:
    assert anonymous_client.get(URL)["Location"].startswith(reverse("accounts:login"))
    assert clinician_client.get(URL).status_code == 403
    # a runner before the intake is sent to it, not shown a timer
    assert runner_client.get(URL)["Location"] == reverse("rehab:intake")


@pytest.mark.django_db
def test_only_get(runner_with_plan_client: Client) -> None:
    assert runner_with_plan_client.post(URL).status_code == 405


@pytest.mark.django_db
def test_the_timer_page_basics(runner_with_plan_client: Client) -> None:
    """One h1, no inline styles; its one inline script is JSON data, which the CSP does
    not run (and the browser does not execute)."""
    body = runner_with_plan_client.get(URL).content.decode()
    page = Page()
    page.feed(body)
    assert page.h1 == 1
    assert page.inline == ["script"]
    assert body.count("<script") == body.count('<script src="/static/') + 1
    assert 'aria-live="assertive"' in body


def test_start_only_from_the_earliest_day() -> None:
    day = today()
    assert due_today({**TEST_SESSION, "earliest_date": day.isoformat()})
    assert due_today({**TEST_SESSION, "earliest_date": (day - timedelta(days=3)).isoformat()})
    assert not due_today({**TEST_SESSION, "earliest_date": (day + timedelta(days=1)).isoformat()})
    assert not due_today(None)


@pytest.mark.django_db
def test_in_english_the_cues_are_english_and_spoken_in_english(
    runner_with_plan_client: Client,
) -> None:
    runner_with_plan_client.cookies["django_language"] = "en"
    data = timer_json(runner_with_plan_client.get(URL).content.decode())
    assert data["speech_lang"] == "en-GB"
    assert data["segments"][0]["cue"] == "Walk to warm up for 5 minutes."
    assert data["texts"]["resume"] == "Resume"
