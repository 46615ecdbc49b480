"""rehab:progress: pain and strength charts (SVG drawn on the server) with tables;
the chart helpers of runback.rehab.charts."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from pytest_django import DjangoAssertNumQueries
from tests.histories import give_intake, log_run

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab import charts
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import Snapshot
from runback.rehab.selectors import output_with_every_session

URL = reverse("rehab:progress")


@pytest.mark.django_db
def test_progress_draws_pain_and_strength(runner_client: Client, runner: User) -> None:
    # Started a week ago, so the runs 5 and 2 days ago count on any weekday (the engine
    # counts running from the Monday of the start date's week).
    give_intake(runner, start_date=(today() - timedelta(days=7)).isoformat())
    runner_with_plan, runner_with_plan_client = runner, runner_client
    first = log_run(runner_with_plan, days_ago=5, pain=3)
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={
            "type": "followup",
            "session": first,
            "date": (today() - timedelta(days=4)).isoformat(),
            "pain": 2,
        },
    )
    log_run(runner_with_plan, days_ago=2, pain=4)
    for days_ago, load in ((3, 10.0), (1, 10.5)):
        event_record(
            runner=runner_with_plan,
            author=runner_with_plan,
            payload={
                "type": "strength",
                "date": (today() - timedelta(days=days_ago)).isoformat(),
                "exercise": "split_squat",
                "sets_planned": 2,
                "sets_done": 2,
                "load_kg": load,
            },
        )
    body = runner_with_plan_client.get(URL).content.decode()
    assert body.count('<svg class="chart') == 3  # pain, weekly minutes, strength
    assert '<svg class="chart"' in body and "<title" in body  # named for screen readers
    for points in re.findall(r'points="([^"]+)"', body):
        assert "," in points and not re.search(r"\d,\d+,", points)  # dots, not Danish commas
    assert "Split squat" in body
    assert "10,5" in body  # the table is localised


def _weekly_history(runner: User) -> date:
    """Two weeks of runs from a Monday two weeks ago; the current week has none."""
    start = today() - timedelta(days=today().weekday() + 14)
    give_intake(runner, start_date=start.isoformat())
    for day in (1, 3):  # the test run (3 min), then week 1 of the intervals (4 x 2 min)
        session = log_run(runner, days_ago=(today() - start).days - day, pain=1)
        event_record(
            runner=runner,
            author=runner,
            payload={
                "type": "followup",
                "session": session,
                "date": (start + timedelta(days=day + 1)).isoformat(),
                "pain": 1,
            },
        )
    log_run(runner, days_ago=(today() - start).days - 8, pain=1, run_min=5)  # cut short
    return start


def _weeks_section(body: str) -> str:
    match = re.search(r'<section aria-labelledby="weeks-heading">(.*?)</section>', body, re.S)
    assert match is not None
    return match.group(1)


@pytest.mark.django_db
def test_weekly_minutes_against_the_plan(runner_client: Client, runner: User) -> None:
    start = _weekly_history(runner)
    # closed weeks are stored once each (WeekResult), the current one is in the advice
    output = Snapshot.objects.get(runner=runner).output
    weeks = output_with_every_session(runner=runner, output=output)["weeks_done"]
    assert [(w["run_minutes"], w["planned_minutes"], w["sessions"]) for w in weeks] == [
        (11.0, 19.0, 2),
        (5.0, 24.0, 1),
        (0.0, None, 0),
    ]
    body = runner_client.get(URL).content.decode()
    section = _weeks_section(body)
    assert "Løbeminutter pr. uge i forhold til planen" in section
    assert "fyldt søjle: løbeminutter" in section and "stiplet ramme: planlagte minutter" in section

    # The table: week, minutes run, minutes in the plan ("-" when no run), runs.
    rows = re.findall(
        r"<tr><td>([^<]+)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", section
    )
    with translation.override("da"):
        mondays = [
            date_format(start + timedelta(days=7 * n), "SHORT_DATE_FORMAT") for n in range(3)
        ]
    assert rows == [
        (mondays[0], "11", "19", "2"),
        (mondays[1], "5", "24", "1"),
        (mondays[2], "0", "-", "0"),
    ]

    # The chart: a solid bar per week, a dashed outline where the plan asked for minutes.
    svg = section[section.index("<svg") : section.index("</svg>")]
    assert "<title" in svg
    done = [float(h) for h in re.findall(r'<rect class="done"[^>]* height="([\d.]+)"', svg)]
    planned_group = svg[svg.index('<g class="planned">') :]
    planned = [float(h) for h in re.findall(r'<rect[^>]* height="([\d.]+)"', planned_group)]
    assert len(done) == 3 and len(planned) == 2
    assert done[2] == 0.0
    assert done[0] / planned[0] == pytest.approx(11 / 19, abs=0.01)
    assert done[1] / planned[1] == pytest.approx(5 / 24, abs=0.01)
    assert mondays[0] in svg and mondays[2] in svg  # first and last week under the axis

    runner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _weeks_section(runner_client.get(URL).content.decode())
    assert "Weekly running minutes against the plan" in english
    assert "solid bar: minutes run" in english and "dashed outline: minutes in the plan" in english
    assert '<th scope="col">Minutes in the plan</th>' in english


@pytest.mark.django_db
def test_weekly_minutes_without_runs_or_from_an_older_snapshot(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    section = _weeks_section(runner_with_plan_client.get(URL).content.decode())
    assert "<svg" not in section and "Ingen løbeture registreret endnu." in section
    log_run(runner_with_plan, days_ago=0)
    snapshot = Snapshot.objects.get(runner=runner_with_plan)
    assert snapshot.output["weeks_done"][-1]["sessions"] == 1
    del snapshot.output["weeks_done"]  # stored before the engine gave weeks_done
    snapshot.save()
    response = runner_with_plan_client.get(URL)
    assert response.status_code == 200
    section = _weeks_section(response.content.decode())
    assert "<svg" not in section and "Ingen løbeture registreret endnu." in section


@pytest.mark.django_db
def test_withdrawn_sessions_leave_the_chart(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=2)
    runner_with_plan_client.post(
        reverse("rehab:event_withdraw", args=[session]), {"confirm": "yes"}
    )
    body = runner_with_plan_client.get(URL).content.decode()
    assert "<svg" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("sessions", [1, 20])
def test_progress_runs_a_constant_number_of_queries(
    runner_with_plan: User, sessions: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(sessions):
        log_run(runner_with_plan, days_ago=40 - 2 * n)
    client = Client()
    client.force_login(runner_with_plan)
    client.get(URL)
    with django_assert_num_queries(6):  # + closed sessions and weeks
        assert client.get(URL).status_code == 200


COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MONDAY_NOON = datetime(2026, 11, 30, 12, 0, tzinfo=COPENHAGEN)


@pytest.mark.django_db
@pytest.mark.time_machine(MONDAY_NOON)
def test_runs_before_the_start_week_are_shown_or_explained(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """Started today, a Monday, with runs last Tuesday and Friday: the engine either
    lists last week too (shown in the chart and the table) or leaves it out, and then
    the page says why instead of "no runs"."""
    log_run(runner_with_plan, days_ago=6, pain=1)
    log_run(runner_with_plan, days_ago=3, pain=1)
    listed = [
        w["week_start"] for w in Snapshot.objects.get(runner=runner_with_plan).output["weeks_done"]
    ]
    section = _weeks_section(runner_with_plan_client.get(URL).content.decode())
    if "2026-11-23" in listed:  # the engine lists weeks before the start week with runs
        assert "<svg" in section and "23.11.2026" in section
        assert "tæller ikke med" not in section
    else:
        assert "Ingen løbeture registreret endnu." not in section
        assert (
            "Løbeture fra før ugen med din startdato (den 30. november) tæller ikke med i "
            "planen, så én uge er ikke med her." in section
        )
    runner_with_plan_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _weeks_section(runner_with_plan_client.get(URL).content.decode())
    if "2026-11-23" not in listed:
        assert "start date (30 November) are not counted in the plan" in english


def test_weeks_not_counted_works_with_both_engine_behaviours() -> None:
    start = date(2026, 11, 30)  # a Monday
    payloads = [
        {"type": "run", "date": "2026-11-17"},
        {"type": "run", "date": "2026-11-24"},
        {"type": "walk", "date": "2026-11-10"},  # no running
        {"type": "run", "date": "2026-11-30"},
        {"type": "run", "date": "not a date"},
    ]
    started = [{"week_start": start}]
    assert charts.weeks_not_counted(payloads, started, start) == [
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]
    all_listed = [{"week_start": date(2026, 11, 16)}, {"week_start": date(2026, 11, 23)}]
    assert charts.weeks_not_counted(payloads, all_listed + started, start) == []
    assert charts.weeks_not_counted(payloads, [], None) == []  # no start date: no claim
    # a run earlier in the start date's own week counts (the engine counts from Monday)
    assert charts.weeks_not_counted(payloads, [], date(2026, 12, 2)) == [
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]


def test_sentence_dates_read_as_dates_in_a_sentence() -> None:
    with translation.override("da"):
        assert charts.sentence_date(date(2027, 1, 7)) == "7. januar"
    with translation.override("en"):
        assert charts.sentence_date(date(2027, 1, 7)) == "7 January"


def test_chart_text_is_at_least_12_px_on_a_390_px_phone() -> None:
    column = 390 - 2 * 16  # the page's side padding is 1rem
    for chart in (charts.pain_chart([]), charts.weeks_chart([]), charts.strength_chart([])):
        assert chart.font_size * column / chart.width >= 12


def _pain_row(day: date, during: int, after: int, morning: int | None) -> dict[str, object]:
    return {"date": day, "during": during, "after": after, "morning": morning}


def test_overlapping_pain_lines_differ_in_dash_and_marker_and_sit_side_by_side() -> None:
    first = date(2026, 11, 2)
    rows = [_pain_row(first + timedelta(days=2 * n), 2, 2, 2) for n in range(4)]
    chart = charts.pain_chart(rows)
    assert len({s.dash for s in chart.series}) == 3
    assert len({s.marker for s in chart.series}) == 3
    with translation.override("da"):
        assert [s.label for s in charts.pain_chart(rows).series] == [
            "under",
            "lige efter",
            "næste morgen",
        ]
    # all three values are equal: the markers of one day are spread, not stacked
    for n in range(4):
        xs = [s.points[n][0] for s in chart.series]
        ys = {s.points[n][1] for s in chart.series}
        assert len(ys) == 1 and len(set(xs)) == 3
        assert max(xs) - min(xs) == pytest.approx(2 * charts.DODGE)
    for s in chart.series:  # inside the frame
        assert all(charts.LEFT <= x <= charts.WIDTH - charts.RIGHT for x, _ in s.points)
    # values that differ are not moved
    apart = charts.pain_chart([_pain_row(first, 1, 4, 7)])
    assert len({s.points[0][0] for s in apart.series}) == 1


def test_strength_lines_get_their_own_dash_and_marker() -> None:
    rows = [
        {"date": date(2026, 11, d), "exercise": exercise, "load_kg": 10.0}
        for d in (2, 9)
        for exercise in ("split_squat", "deadlift", "calf_raise")
    ]
    chart = charts.strength_chart(rows)
    assert [s.number for s in chart.series] == [1, 2, 3]
    assert len({(s.dash, s.marker) for s in chart.series}) == 3


@pytest.mark.django_db
def test_progress_names_every_line_in_a_legend_drawn_like_the_chart(
    runner_client: Client, runner: User
) -> None:
    give_intake(runner, start_date=(today() - timedelta(days=7)).isoformat())
    for days_ago in (3, 1):
        session = log_run(runner, days_ago=days_ago, pain=2)
        event_record(
            runner=runner,
            author=runner,
            payload={
                "type": "followup",
                "session": session,
                "date": (today() - timedelta(days=days_ago - 1)).isoformat(),
                "pain": 2,
            },
        )
    body = runner_client.get(URL).content.decode()
    pain = body[body.index('<section aria-labelledby="pain-heading">') :]
    pain = pain[: pain.index("</section>")]
    svg = pain[pain.index('<svg class="chart"') : pain.index("</svg>")]
    assert 'font-size="13"' in svg
    for n, marker in enumerate(charts.MARKERS[:3], start=1):
        assert f'class="series series-{n}"' in svg and f"marker-{marker}" in svg
    assert 'stroke-dasharray="7 4"' in svg and 'stroke-dasharray="2 3"' in svg
    legend = re.findall(r'<li><svg class="key-sample series-(\d)"[^>]*>.*?</svg>([^<]+)</li>', pain)
    assert legend == [("1", "under"), ("2", "lige efter"), ("3", "næste morgen")]
    assert pain.count('<div class="table-scroll"><table class="table">') == 1
