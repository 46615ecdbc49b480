"""The runner's watch activities on a clinician's record: only for the clinic the runner
shares with now, in Danish, next to the plan and the cadence band, with flat queries,
covered by the record's one audit entry, and without maps or anything from elsewhere."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.activities.files import fit_activity, gpx_activity, tcx_activity
from tests.activities.test_import import incoming
from tests.clinic.conftest import login, page_queries
from tests.histories import give_intake, log_run

from runback.accounts.models import AuditEntry, User
from runback.activities import selectors as activity_selectors
from runback.activities import services
from runback.activities.models import Activity
from runback.clinic.models import Share
from runback.clinic.services import share_withdraw
from runback.common.clock import today

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-12-01 12:00 +01:00")]

SESSION_TEXT = "5 min gang, derefter 3 × 1 min løb / 3 min gang"
# The English of what the section says, none of which may be left on the Danish page.
ENGLISH = (
    "Watch activities",
    "The latest",
    "imported from",
    "Target cadence",
    "steps per minute",
    "beats per minute",
    "Average heart rate",
    "Cadence (",
    "while running",
    "on average",
    " moving",
    "Compared with the target",
    "in the band",
    "without GPS",
    "Walk and run",
    "Planned session",
    "No planned session",
    "Matches the planned session",
    "Logged for this day",
    "min run",
    "min walk",
    ", then",
    "has not imported",
    "Run,",
)


def morning(days_ago: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(today() - timedelta(days=days_ago), time(7, minute), tzinfo=COPENHAGEN)


def import_files(runner: User, files: dict[str, bytes]) -> None:
    batch = services.batch_create(
        runner=runner,
        files=[incoming(name, data) for name, data in files.items()],
    )
    services.batch_run(batch_id=batch.pk)


def record_url(runner: User) -> str:
    return f"/clinic/runners/{runner.pk}/"


@pytest.fixture
def runner_with_watch(runner: User) -> User:
    """Intake today with a cadence of 160 (band 168-176); this morning's test session from
    a FIT file (165 steps/min while running: below the band), and an older treadmill run
    from a TCX file (168: in the band), from before the plan started."""
    give_intake(runner, cadence_spm=160)
    import_files(
        runner,
        {
            "session.fit": fit_activity(start=morning()),
            "treadmill.tcx": tcx_activity(start=morning(3)),
        },
    )
    return runner


def test_the_sharing_clinic_sees_the_activities_in_danish(
    runner_with_watch: User, clinician: User
) -> None:
    response = login(clinician).get(record_url(runner_with_watch))
    assert response.status_code == 200
    body = response.content.decode()
    section = body[body.index('id="activities-heading"') :]
    assert "Aktiviteter fra ur" in section
    assert "De seneste 2 aktiviteter, løberen har hentet ind fra urfiler" in section
    assert "168-176 skridt i minuttet" in section
    assert SESSION_TEXT in section
    # Newest first, with the Danish date in words.
    assert section.index("tirsdag den 1. december") < section.index("lørdag den 28. november")
    assert "Løbetur" in section and "1,64 km" in section and "17 min" in section
    assert "110" in section  # average heart rate from the FIT session
    assert "165,0 under løb" in section and ">under<" in section.replace("\n", "")
    assert "168,0 under løb" in section and "inden for målet" in section
    assert "uden GPS" in section  # the treadmill
    # This morning's activity matches today's planned walk; the older one matches nothing.
    output = runner_with_watch.rehab_snapshot.output
    assert output["next_run"]["description"]["da"] in section
    assert "Passer til den planlagte tur; løberen har ikke registreret den endnu." in section
    assert "Ingen planlagt tur" in section
    for english in ENGLISH:
        assert english not in section, english


def test_a_logged_session_is_shown_with_its_zone(runner_with_watch: User, clinician: User) -> None:
    log_run(runner_with_watch, days_ago=0, pain=1)
    section = login(clinician).get(record_url(runner_with_watch)).content.decode()
    section = section[section.index('id="activities-heading"') :]
    assert "Registreret for denne dag: en løbetur (Fase 1: testløbet)" in section
    assert "zone-provisional" in section  # waiting for the next-morning answer
    assert "Passer til den planlagte tur" not in section


def test_the_empty_state_promises_nothing(runner_with_plan: User, clinician: User) -> None:
    body = login(clinician).get(record_url(runner_with_plan)).content.decode()
    section = body[body.index('id="activities-heading"') :]
    assert "Løberen har ikke hentet nogen aktiviteter ind fra et ur." in section
    for english in ENGLISH:
        assert english not in section, english


def test_another_clinic_sees_nothing(
    runner_with_watch: User, other_clinician: User, clinic_admin: User
) -> None:
    assert login(other_clinician).get(record_url(runner_with_watch)).status_code == 404
    assert login(clinic_admin).get(record_url(runner_with_watch)).status_code == 200
    assert _rows(other_clinician, runner_with_watch) == []
    assert len(_rows(clinic_admin, runner_with_watch)) == 2


def test_nothing_after_the_share_is_withdrawn(runner_with_watch: User, clinician: User) -> None:
    client = login(clinician)
    assert client.get(record_url(runner_with_watch)).status_code == 200
    assert len(_rows(clinician, runner_with_watch)) == 2
    share = Share.objects.get(runner=runner_with_watch)
    assert share_withdraw(runner=runner_with_watch, share_id=share.pk)
    assert client.get(record_url(runner_with_watch)).status_code == 404
    assert _rows(clinician, runner_with_watch) == []


def _rows(viewer: User, runner: User) -> list[Any]:
    return activity_selectors.activities_for_record(
        viewer=viewer, runner=runner, output={}, sessions={}, today=today()
    )


def test_the_one_audit_entry_of_the_record_covers_them(
    runner_with_watch: User, clinician: User
) -> None:
    login(clinician).get(record_url(runner_with_watch))
    entries = AuditEntry.objects.filter(subject=runner_with_watch, actor=clinician)
    assert list(entries.values_list("action", flat=True)) == ["clinic.record.viewed"]


def test_queries_do_not_grow_with_the_activities(runner_with_plan: User, clinician: User) -> None:
    client = login(clinician)
    url = record_url(runner_with_plan)
    import_files(runner_with_plan, {"first.fit": fit_activity(start=morning())})
    one = page_queries(client, url)
    import_files(
        runner_with_plan,
        {f"run{n}.tcx": tcx_activity(start=morning(n), points=30 + n) for n in range(1, 15)},
    )
    assert Activity.objects.filter(runner=runner_with_plan).count() == 15
    assert page_queries(client, url) == one
    assert len(client.get(url).context["activities"]) == 15


def test_at_most_the_latest_twenty(runner_with_plan: User, clinician: User) -> None:
    import_files(
        runner_with_plan,
        {f"run{n}.tcx": tcx_activity(start=morning(n), points=20) for n in range(22)},
    )
    rows = login(clinician).get(record_url(runner_with_plan)).context["activities"]
    assert len(rows) == 20
    assert [r.activity.local_date for r in rows] == [today() - timedelta(days=n) for n in range(20)]


def test_gps_tracks_bring_no_map_and_nothing_from_elsewhere(
    runner_with_plan: User, clinician: User
) -> None:
    import_files(runner_with_plan, {"route.gpx": gpx_activity(start=morning(1))})
    assert Activity.objects.get(runner=runner_with_plan).has_gps
    response = login(clinician).get(record_url(runner_with_plan))
    body = response.content.decode()
    assert "Aktiviteter fra ur" in body
    section = body[body.index('id="activities-heading"') : body.index('id="timeline-heading"')]
    for sign in ("<iframe", "<img", "<script", "55.68", "55,68", "kort", "map"):
        assert sign not in section, sign
    # Every address on the page is the app's own (or a phone number): nothing is loaded
    # from a third party.
    for address in re.findall(r'(?:src|href|action|srcset)="([^"]*)"', body):
        assert address.startswith(("/", "#", "?", "tel:")), address
    assert "http://" not in body and "https://" not in body


def test_in_english_when_the_clinician_reads_english(
    runner_with_watch: User, clinician: User
) -> None:
    client = login(clinician)
    client.cookies["django_language"] = "en"
    body = client.get(record_url(runner_with_watch), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = body[body.index('id="activities-heading"') : body.index('id="timeline-heading"')]
    assert "Watch activities" in section and "Tuesday 1 December" in section
    assert "5 min walk, then 3 × 1 min run / 3 min walk" in section
    assert "165.0 while running" in section and "in the band" in section
    assert "Aktiviteter fra ur" not in section and "skridt" not in section


def test_a_share_given_before_activities_were_named_shows_none(
    runner_with_watch: User, clinician: User
) -> None:
    """The runner agreed to words that did not name watch activities: the clinic sees
    none, and the record says why and how that changes, in Danish."""
    Share.objects.filter(runner=runner_with_watch).update(includes_activities=False)
    body = login(clinician).get(record_url(runner_with_watch)).content.decode()
    section = body[body.index('id="activities-heading"') :]
    assert SESSION_TEXT not in section and "Løbetur" not in section
    assert "før aktiviteter fra ur blev en del af delingen" in section
    assert "began to share" not in section


def test_the_words_a_runner_agrees_to_name_the_activities(runner_with_watch: User) -> None:
    share = Share.objects.get(runner=runner_with_watch)
    assert share.includes_activities
    assert "aktiviteter" in share.text and "ur" in share.text
