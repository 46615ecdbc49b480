"""An activity logged from its check-in link points to the event it was logged as; the
activities pages read that key and the stored results, never the whole history; the
migration links the activities there were by the rule the pages used before."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fit_tool.profile.profile_type import Sport

from runback.accounts.models import User
from runback.activities import migrations as activity_migrations
from runback.activities import services
from runback.activities.models import Activity
from runback.activities.services import IncomingFile
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import Event
from tests.activities.files import fit_activity, gpx_activity
from tests.activities.test_import import incoming
from tests.activities.test_views import this_morning, upload
from tests.histories import give_intake, log_run


def _linking_migration() -> Any:
    """The migration that links the activities (found by its function: it may be renumbered)."""
    found = [
        module
        for info in pkgutil.iter_modules(activity_migrations.__path__)
        if hasattr(module := importlib.import_module(f"{activity_migrations.__name__}.{info.name}"),
                   "link_logged_sessions")
    ]  # fmt: skip
    assert len(found) == 1
    return found[0]


def _log_from_link(client: Client, activity: Activity) -> Event:
    link = client.get(reverse("activities:detail", args=[activity.pk])).context["match"]
    form_page = client.get(link.checkin_url)
    data = {k: str(v) for k, v in form_page.context["form"].initial.items() if v is not None}
    data.update(pain_before="1", pain_during="2", pain_after="2")
    assert client.post(link.checkin_url, data).status_code == 302
    return Event.objects.filter(runner=activity.runner).latest("seq")


@pytest.mark.django_db
def test_a_session_logged_from_an_activity_points_to_it(
    runner_with_plan: User, runner_with_plan_client: Client
) -> None:
    client = runner_with_plan_client
    upload(client, ("session.fit", fit_activity(start=this_morning())))
    activity = Activity.objects.get(runner=runner_with_plan)
    assert activity.event is None
    run = _log_from_link(client, activity)
    activity.refresh_from_db()
    assert activity.event == run
    assert "activity" not in run.payload  # the link is the activity's, not the event's
    exported = client.get(reverse("rehab:export")).json()["watch_files"]["activities"]
    assert exported[0]["logged_as"] == run.event_id and "event_id" not in exported[0]
    match = client.get(reverse("activities:detail", args=[activity.pk])).context["match"]
    assert [s["id"] for s in match.logged] == [run.event_id]
    # Corrected, it is still the session the activity was logged as.
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={**{k: v for k, v in run.payload.items() if k != "id"}, "pain_after": 3,
                 "replaces": run.event_id},
    )  # fmt: skip
    match = client.get(reverse("activities:detail", args=[activity.pk])).context["match"]
    assert [s["id"] for s in match.logged] == [run.event_id]
    # Withdrawn, the activity is offered for a check-in again.
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "withdraw", "date": today().isoformat(), "target": run.event_id},
    )
    match = client.get(reverse("activities:detail", args=[activity.pk])).context["match"]
    assert match.logged == [] and match.checkin_url


@pytest.mark.django_db
def test_an_activity_of_a_day_logged_otherwise_still_shows_that_day(
    runner_with_plan: User, runner_with_plan_client: Client
) -> None:
    upload(runner_with_plan_client, ("walk.gpx", gpx_activity(start=this_morning())))
    session = log_run(runner_with_plan, days_ago=0)
    activity = Activity.objects.get(runner=runner_with_plan)
    assert activity.event is None
    page = runner_with_plan_client.get(reverse("activities:list"))
    assert [s["id"] for s in page.context["rows"][0][1].logged] == [session]


@pytest.mark.django_db
def test_another_runners_activity_is_never_linked(
    runner_with_plan: User, runner_with_plan_client: Client, other_runner: User
) -> None:
    batch = services.batch_create(
        runner=other_runner,
        files=[IncomingFile("a.fit", 1, lambda: fit_activity(start=this_morning()))],
    )
    services.batch_run(batch_id=batch.pk)
    theirs = Activity.objects.get(runner=other_runner)
    url = reverse("rehab:checkin_session_from_activity", args=[theirs.pk])
    data = {"type": "run", "date": today().isoformat(), "token": "t1", "activity": theirs.pk,
            "pain_before": "1", "pain_during": "2", "pain_after": "2"}  # fmt: skip
    assert runner_with_plan_client.post(url, data).status_code == 302
    theirs.refresh_from_db()
    assert theirs.event is None


@pytest.mark.django_db
def test_the_activities_list_reads_no_events(
    runner_with_plan: User, runner_with_plan_client: Client
) -> None:
    client = runner_with_plan_client
    upload(client, ("session.fit", fit_activity(start=this_morning())))
    _log_from_link(client, Activity.objects.get(runner=runner_with_plan))
    for url in (
        reverse("activities:list"),
        reverse("activities:detail", args=[Activity.objects.get().pk]),
    ):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        assert not any('FROM "rehab_event"' in q["sql"] for q in captured), url


@pytest.mark.django_db
def test_the_migration_links_by_the_rule_used_before(runner: User) -> None:
    start = today() - timedelta(days=6)
    give_intake(runner, start_date=start.isoformat())
    kept = log_run(runner, days_ago=5)
    second = log_run(runner, days_ago=5)  # the same day: the first is the one linked
    withdrawn = log_run(runner, days_ago=3)
    event_record(
        runner=runner,
        author=runner,
        payload={"type": "withdraw", "date": today().isoformat(), "target": withdrawn},
    )
    corrected = log_run(runner, days_ago=2)
    event_record(
        runner=runner,
        author=runner,
        payload={"type": "run", "date": (today() - timedelta(days=1)).isoformat(),
                 "pain_before": 1, "pain_during": 1, "pain_after": 1, "replaces": corrected},
    )  # fmt: skip
    files = {f"{d}.gpx": gpx_activity(start=this_morning(d)) for d in (5, 3, 2, 1)}
    files["bike.fit"] = fit_activity(start=this_morning(5), sport=Sport.CYCLING)
    services.batch_run(
        batch_id=services.batch_create(
            runner=runner,
            files=[incoming(n, b) for n, b in files.items()],
        ).pk
    )
    _linking_migration().link_logged_sessions(apps, None)
    linked = {
        (a.local_date, a.sport): a.event.event_id if a.event else None
        for a in Activity.objects.filter(runner=runner).select_related("event")
    }
    day = {d: today() - timedelta(days=d) for d in (5, 3, 2, 1)}
    sport = Activity.objects.get(runner=runner, file_name="5.gpx").sport
    assert second != kept
    assert linked == {
        (day[5], sport): kept,
        (day[5], "cycling"): None,  # not a walk or a run
        (day[3], sport): None,  # withdrawn
        (day[2], sport): None,  # corrected to the next day
        (day[1], sport): corrected,  # the entry's first event
    }
