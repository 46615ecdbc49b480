"""The activities pages: upload, the batch's progress, an activity next to the plan, and
the check-in it opens, filled in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from runback.accounts.models import User
from runback.activities import services
from runback.activities.models import Activity
from runback.activities.services import IncomingFile
from runback.common.clock import today
from runback.rehab.models import Event
from tests.activities.files import TEST_SESSION, fit_activity, gpx_activity

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def this_morning(days_ago: int = 0) -> datetime:
    return datetime.combine(today() - timedelta(days=days_ago), time(7, 0), tzinfo=COPENHAGEN)


def upload(client: Client, *files: tuple[str, bytes]) -> _MonkeyPatchedWSGIResponse:
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(reverse("activities:upload"), {"files": uploads})


@pytest.mark.django_db
def test_upload_one_file_opens_the_activity_with_the_check_in_link(
    runner_with_plan: User, runner_with_plan_client: Client
) -> None:
    response = upload(runner_with_plan_client, ("session.fit", fit_activity(start=this_morning())))
    assert response.status_code == 302
    page = runner_with_plan_client.get(response["Location"], follow=True)
    assert page.status_code == 200
    activity = Activity.objects.get(runner=runner_with_plan)
    assert page.redirect_chain[-1][0] == reverse("activities:detail", args=[activity.pk])
    text = page.content.decode()
    assert "5 min gang, derefter 3 × 1 min løb / 3 min gang" in text
    link = page.context["match"].checkin_url
    query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
    assert query == {
        "type": "run",
        "date": today().isoformat(),
        "run_min": "3.0",
        "walk_min": "14.0",
        "distance_km": "1.64",
        "cadence_spm": "165",
    }
    assert page.context["match"].planned is not None  # today's planned session
    checkin = runner_with_plan_client.get(link)
    form = checkin.context["form"]
    assert form.initial["type"] == "run"
    assert str(form.initial["run_min"]) == "3.0"
    assert str(form.initial["walk_min"]) == "14.0"


@pytest.mark.django_db
def test_a_batch_with_a_bad_file_names_it_and_its_reason(runner_with_plan_client: Client) -> None:
    response = upload(
        runner_with_plan_client,
        ("good.gpx", gpx_activity(start=this_morning(1))),
        ("bad.fit", b"this is not a watch file"),
    )
    page = runner_with_plan_client.get(response["Location"])
    text = page.content.decode()
    assert "bad.fit" in text and "ikke en FIT-fil" in text
    assert Activity.objects.count() == 1


@pytest.mark.django_db
def test_upload_without_files_is_refused_at_the_field(runner_with_plan_client: Client) -> None:
    response = runner_with_plan_client.post(reverse("activities:upload"), {})
    assert response.status_code == 400
    assert response.context["form"].errors["files"]


@pytest.mark.django_db
def test_an_old_activity_is_shown_without_a_plan_match(
    runner_with_plan: User, runner_with_plan_client: Client
) -> None:
    services.batch_run(
        batch_id=services.batch_create(
            runner=runner_with_plan,
            files=[IncomingFile("old.fit", 1, lambda: fit_activity(start=this_morning(40)))],
        ).pk
    )
    page = runner_with_plan_client.get(reverse("activities:list"))
    rows = page.context["rows"]
    assert len(rows) == 1
    assert rows[0][1].planned is None and rows[0][1].checkin_url is None


@pytest.mark.django_db
def test_a_logged_watch_run_gives_the_cadence_band(
    runner_with_plan: User,
    runner_with_plan_client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = runner_with_plan_client
    upload(client, ("session.fit", fit_activity(start=this_morning(), pattern=TEST_SESSION)))
    page = client.get(reverse("activities:list"))
    assert page.context["trend"].band is None  # no cadence at intake, none measured yet
    link = page.context["rows"][0][1].checkin_url
    assert "cadence_spm=165" in link
    initial = client.get(link).context["form"].initial
    data = {k: str(v) for k, v in initial.items()}
    data.update(pain_before="2", pain_during="2", pain_after="2")
    assert client.post(reverse("rehab:checkin_session"), data).status_code == 302
    run = Event.objects.get(runner=runner_with_plan, type="run")
    assert run.payload["cadence_spm"] == 165 and run.payload["run_min"] == 3.0
    with django_assert_max_num_queries(12):
        page = client.get(reverse("activities:list"))
    trend = page.context["trend"]
    assert trend.measured == 165
    # FORM-CAD: ceil(165 x 1.05), floor(165 x 1.10) = 181, capped at 180 (FORM-CAD-CAP, v3)
    assert trend.band == [174, 180]
    assert trend.points == [(today(), 165.0)]
    text = page.content.decode()
    assert "165 skridt i minuttet" in text
    # Logged: shown as such, not offered again.
    assert [p["id"] for p in page.context["rows"][0][1].logged] == [run.event_id]
    assert reverse("rehab:checkin_result", args=[run.event_id]) in text
    assert reverse("rehab:checkin_session") + "?" not in text


@pytest.mark.django_db
def test_another_runners_activity_is_not_found(
    other_runner: User, runner_with_plan_client: Client
) -> None:
    batch = services.batch_create(
        runner=other_runner, files=[IncomingFile("a.fit", 1, lambda: fit_activity())]
    )
    services.batch_run(batch_id=batch.pk)
    activity = Activity.objects.get(runner=other_runner)
    assert (
        runner_with_plan_client.get(reverse("activities:detail", args=[activity.pk])).status_code
        == 404
    )
    assert (
        runner_with_plan_client.get(reverse("activities:batch", args=[batch.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_anonymous_and_clinicians_are_refused(
    anonymous_client: Client, clinician_client: Client
) -> None:
    response = anonymous_client.get(reverse("activities:list"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert clinician_client.get(reverse("activities:list")).status_code == 403
    assert clinician_client.post(reverse("activities:upload")).status_code == 403


@pytest.mark.django_db
def test_today_links_to_activities(runner_with_plan_client: Client) -> None:
    page = runner_with_plan_client.get(reverse("rehab:today"))
    assert reverse("activities:list") in page.content.decode()


@pytest.mark.django_db
def test_a_batch_in_progress_shows_a_progress_bar(
    runner_with_plan: User, runner_with_plan_client: Client
) -> None:
    def gpx_of(days_ago: int) -> Callable[[], bytes]:
        return lambda: gpx_activity(start=this_morning(days_ago))

    files = [IncomingFile(f"{i}.gpx", 1, gpx_of(i)) for i in range(4)]
    batch = services.batch_create(runner=runner_with_plan, files=files)  # queued, not yet run
    page = runner_with_plan_client.get(reverse("activities:batch", args=[batch.pk]))
    text = page.content.decode()
    assert '<progress max="4" value="0">' in text
    assert 'http-equiv="refresh"' in text  # the page follows the background task
    services.batch_run(batch_id=batch.pk)
    page = runner_with_plan_client.get(reverse("activities:batch", args=[batch.pk]))
    assert '<progress max="4" value="4">' in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()


@pytest.mark.django_db
def test_a_zip_export_uploaded_from_the_browser(
    runner_with_plan: User, runner_with_plan_client: Client
) -> None:
    from tests.activities.files import gz, zipped

    archive = zipped(
        {
            "activities/1.fit.gz": gz(fit_activity(start=this_morning(1))),
            "activities/2.gpx": gpx_activity(start=this_morning(2)),
            "activities/3.fit": b"broken",
        }
    )
    response = upload(runner_with_plan_client, ("export.zip", archive))
    page = runner_with_plan_client.get(response["Location"])
    statuses = [item.status for item in page.context["items"]]
    assert statuses == ["imported", "imported", "failed"]
    assert Activity.objects.filter(runner=runner_with_plan).count() == 2
