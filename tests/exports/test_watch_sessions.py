"""exports:watch: the coming sessions as FIT workout files, one per session and a zip of
them, each read back with fitdecode and checked against the engine's `upcoming_sessions`."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.exports.test_workout_fit import check_against, read_back

from runback.accounts.models import User
from runback.exports.selectors import sessions_planned
from runback.rehab.models import Snapshot

WATCH = reverse("exports:watch")
ZIP = reverse("exports:session_workouts_zip")


def upcoming(runner: User) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = Snapshot.objects.get(runner=runner).output["upcoming_sessions"]
    return sessions


@pytest.mark.django_db
def test_the_page_offers_every_coming_session_by_its_date(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    sessions = upcoming(runner_with_plan)
    assert len(sessions) >= 3  # the next run and the week after it
    page = runner_with_plan_client.get(WATCH).content.decode()
    for session in sessions:
        url = reverse("exports:session_workout", args=[session["date"]])
        assert f'href="{url}" download="runback-{session["date"]}.fit"' in page
    assert ZIP in page
    assert "hvis alle ture går godt" in page  # later sessions: the plan if all goes well


@pytest.mark.django_db
def test_each_file_holds_exactly_its_session(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    for session in upcoming(runner_with_plan):
        response = runner_with_plan_client.get(
            reverse("exports:session_workout", args=[session["date"]])
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.ant.fit"
        name = f"runback-{session['date']}.fit"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        check_against(response.content, session)
        (workout,) = read_back(response.content)["workout"]
        assert workout["wkt_name:value"] == f"Runback {session['date']}"


@pytest.mark.django_db
def test_the_zip_holds_one_file_per_session(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    sessions = upcoming(runner_with_plan)
    response = runner_with_plan_client.get(ZIP)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == [f"runback-{s['date']}.fit" for s in sessions]
        for session in sessions:
            check_against(archive.read(f"runback-{session['date']}.fit"), session)


@pytest.mark.django_db
def test_a_day_without_a_session_is_a_404(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    first = upcoming(runner_with_plan)[0]["date"]
    day_before = f"{first[:8]}00"
    for day in (day_before, "nonsense"):
        url = reverse("exports:session_workout", args=[day])
        assert runner_with_plan_client.get(url).status_code == 404


@pytest.mark.django_db
def test_without_a_plan_nothing_is_offered(runner_client: Client) -> None:
    assert runner_client.get(ZIP).status_code == 404
    page = runner_client.get(WATCH)
    assert page.status_code == 200 and "Der er ingen tur planlagt" in page.content.decode()


def test_an_output_without_upcoming_sessions_offers_the_next_run() -> None:
    next_run = {"phase": "walk", "walk_min": 20, "earliest_date": "2026-12-03"}
    assert sessions_planned({"next_run": next_run}) == [{**next_run, "date": "2026-12-03"}]
    assert sessions_planned({"next_run": None, "upcoming_sessions": []}) == []
    listed = [{**next_run, "date": "2026-12-03"}, {**next_run, "date": "2026-12-05"}]
    assert sessions_planned({"next_run": next_run, "upcoming_sessions": listed}) == listed
