"""The overview's "no recent check-in" line (RUNBACK_CLINIC_QUIET_DAYS, 7 by default) can
be marked as handled with a note, like a stored alert: it is stored as an acknowledged
"quiet" alert about the runner's last check-in, audited on the runner, and a later quiet
spell (after a new check-in) shows again. The clock is pinned throughout."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.clinic.conftest import login, page_queries
from tests.histories import give_intake, log_run

from runback.accounts.models import AuditEntry, Clinic, User
from runback.accounts.services import consent_give, user_create
from runback.clinic.models import Alert, Summary
from runback.clinic.services import share_create
from runback.clinic.services_alerts import alerts_refresh, quiet_acknowledge

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
CHECKED_IN = datetime(2026, 11, 12, 12, 0, tzinfo=CPH)  # a Thursday
QUIET = CHECKED_IN + timedelta(days=8)  # past the 7 days
NOTE = "Ringede til hende. Hun har haft travlt, ryggen er fin."


def _sharing_runner(clinic: Clinic, name: str, capture: Any, *, intake: bool = True) -> User:
    """A runner who shares with `clinic` and (unless told not to) checks in now."""
    user = user_create(email=f"{name.lower()}@example.com", password=None, name=name)
    consent_give(user=user, language="da")
    with capture(execute=True):
        share_create(runner=user, clinic=clinic, language="da")
        if intake:
            give_intake(user)
    return user


def _quiet_url(runner: User) -> str:
    return f"/clinic/runners/{runner.pk}/quiet/handled/"


def _page(client: Client, url: str = "/clinic/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_marked_handled_then_a_later_quiet_spell_shows_again(
    clinic: Clinic, clinician: User, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    time_machine.move_to(CHECKED_IN, tick=False)
    rita = _sharing_runner(clinic, "Rita", capture)
    time_machine.move_to(QUIET - timedelta(days=1), tick=False)
    calm = _sharing_runner(clinic, "Carl", capture)  # checked in yesterday
    time_machine.move_to(QUIET, tick=False)
    client = login(clinician)

    page = _page(client)
    assert page.index("Rita") < page.index("Carl")  # the quiet runner on top
    assert "Ingen registrering for nylig" in page and "Markér som taget hånd om" in page
    assert _quiet_url(rita) in page and _quiet_url(calm) not in page
    quiet_page = _page(client, "/clinic/?show=quiet")
    assert "Rita" in quiet_page and "Carl" not in quiet_page

    response = client.post(_quiet_url(rita), {"note": NOTE, "next": "/clinic/?show=quiet"})
    assert response.status_code == 302 and response["Location"] == "/clinic/?show=quiet"
    alert = Alert.objects.get(runner=rita)
    last = Summary.objects.get(runner=rita).last_checkin_at
    assert alert.kind == "quiet" and alert.checkin_at == last and alert.rule == ""
    assert alert.source == "quiet@2026-11-12T11:00:00+00:00"
    assert alert.acknowledged_by == clinician and alert.note == NOTE
    assert alert.acknowledged_at == QUIET and alert.day == QUIET.date()
    assert not alert.is_open and alert.resolved_at is None and alert.emailed_at is None
    entry = AuditEntry.objects.get(subject=rita, action="clinic.alert.acknowledged")
    assert entry.actor == clinician and entry.data == {"alert": "quiet"}
    assert "Den manglende registrering er markeret som taget hånd om." in _page(
        client, "/clinic/?show=quiet"
    )

    # No longer on top, not under "no recent check-in", no button; the days still show.
    page = _page(client)
    assert page.index("Carl") < page.index("Rita")
    assert _quiet_url(rita) not in page and "8 dage siden" in page
    assert "Rita" not in _page(client, "/clinic/?show=quiet")
    # The record lists it in Danish, with who handled it and the note.
    record = _page(client, f"/clinic/runners/{rita.pk}/")
    assert "Ingen registrering siden den 12. november" in record
    assert f"taget hånd om af {clinician.email}: {NOTE}" in record
    # Marking it again (a second tab) stores nothing more.
    client.post(_quiet_url(rita), {"note": "Igen."})
    assert Alert.objects.filter(runner=rita).count() == 1
    assert AuditEntry.objects.filter(subject=rita, action="clinic.alert.acknowledged").count() == 1

    # She checks in again two days later: not quiet; 7 days on, still not.
    time_machine.move_to(QUIET + timedelta(days=2), tick=False)
    with capture(execute=True):
        log_run(rita, days_ago=0, pain=2)
    time_machine.move_to(QUIET + timedelta(days=9), tick=False)
    assert "Rita" not in _page(client, "/clinic/?show=quiet")
    # A new quiet spell shows again by itself, and can be marked on its own.
    time_machine.move_to(QUIET + timedelta(days=10), tick=False)
    assert "Rita" in _page(client, "/clinic/?show=quiet")
    client.post(_quiet_url(rita), {"note": "Sendt en besked."})
    assert Alert.objects.filter(runner=rita, kind="quiet").count() == 2
    assert "Rita" not in _page(client, "/clinic/?show=quiet")
    record = _page(client, f"/clinic/runners/{rita.pk}/")
    assert "Ingen registrering siden den 22. november" in record
    assert "Ingen registrering siden den 12. november" in record


def test_a_runner_who_never_checked_in(
    clinic: Clinic, clinician: User, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    time_machine.move_to(CHECKED_IN, tick=False)
    nina = _sharing_runner(clinic, "Nina", capture, intake=False)
    client = login(clinician)
    assert "Nina" in _page(client, "/clinic/?show=quiet")
    client.post(_quiet_url(nina), {"note": "Hun starter efter ferien."})
    alert = Alert.objects.get(runner=nina, kind="quiet")
    assert alert.source == "quiet@never" and alert.checkin_at is None
    assert "Nina" not in _page(client, "/clinic/?show=quiet")
    assert "Ingen registrering endnu" in _page(client, f"/clinic/runners/{nina.pk}/")
    # She answers the first questions, then goes quiet: that shows again.
    with capture(execute=True):
        give_intake(nina)
    time_machine.move_to(QUIET, tick=False)
    assert "Nina" in _page(client, "/clinic/?show=quiet")


def test_only_a_quiet_runner_of_ones_own_clinic_and_only_with_a_note(
    clinic: Clinic,
    clinician: User,
    other_clinician: User,
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    capture = django_capture_on_commit_callbacks
    time_machine.move_to(CHECKED_IN, tick=False)
    rita = _sharing_runner(clinic, "Rita", capture)
    time_machine.move_to(QUIET, tick=False)
    audit = AuditEntry.objects.filter(subject=rita).count()

    # Another clinic's clinician: not found, nothing stored.
    assert login(other_clinician).post(_quiet_url(rita), {"note": NOTE}).status_code == 404
    # The runner herself may not (staff pages refuse runners).
    assert login(rita).post(_quiet_url(rita), {"note": NOTE}).status_code in {403, 404}
    # No note: the clinician is asked for one, nothing stored.
    client = login(clinician)
    response = client.post(_quiet_url(rita), {"note": "  "}, follow=True)
    assert "Skriv kort, hvad du gjorde." in response.content.decode()
    assert "Rita" in _page(client, "/clinic/?show=quiet")
    # A GET of the action is refused and stores nothing.
    assert client.get(_quiet_url(rita)).status_code == 405
    assert not Alert.objects.filter(runner=rita).exists()
    assert AuditEntry.objects.filter(subject=rita).count() == audit

    # She checked in meanwhile: nothing to mark, nothing stored.
    with capture(execute=True):
        log_run(rita, days_ago=0, pain=2)
    response = client.post(_quiet_url(rita), {"note": NOTE}, follow=True)
    assert "Løberen har registreret siden. Der er intet at markere." in response.content.decode()
    assert not Alert.objects.filter(runner=rita).exists()
    assert quiet_acknowledge(author=clinician, runner_id=rita.pk, note=NOTE) is None


def test_the_overview_never_writes(
    clinic: Clinic, clinician: User, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    time_machine.move_to(CHECKED_IN, tick=False)
    _sharing_runner(clinic, "Rita", django_capture_on_commit_callbacks)
    _sharing_runner(clinic, "Nina", django_capture_on_commit_callbacks, intake=False)
    time_machine.move_to(QUIET, tick=False)
    client = login(clinician)
    client.get("/clinic/")  # the session's first request
    for show in ("all", "alerts", "flags", "quiet"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/clinic/?show={show}").status_code == 200
        writes = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}
        ]
        assert writes == [], show
    assert not Alert.objects.exists()


def test_overview_queries_do_not_grow_with_quiet_runners(
    clinic: Clinic, clinician: User, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    time_machine.move_to(CHECKED_IN, tick=False)
    first = _sharing_runner(clinic, "Runner0", capture)
    time_machine.move_to(QUIET, tick=False)
    client = login(clinician)
    few = {url: page_queries(client, url) for url in ("/clinic/", "/clinic/?show=quiet")}
    assert "Runner0" in _page(client, "/clinic/?show=quiet")

    time_machine.move_to(CHECKED_IN, tick=False)
    more = [_sharing_runner(clinic, f"Runner{n}", capture) for n in range(1, 6)]
    more.append(_sharing_runner(clinic, "Never", capture, intake=False))
    time_machine.move_to(QUIET, tick=False)
    for runner in [first, more[0], more[-1]]:
        assert quiet_acknowledge(author=clinician, runner_id=runner.pk, note=NOTE) is not None
    for url, queries in few.items():
        assert page_queries(client, url) == queries, url
    quiet_page = _page(client, "/clinic/?show=quiet")
    assert "Runner0" not in quiet_page and "Runner1" not in quiet_page
    assert "Never" not in quiet_page and "Runner2" in quiet_page and "Runner5" in quiet_page


def test_alert_rules_leave_it_alone_and_it_is_exported(
    clinic: Clinic,
    clinician: User,
    clinic_admin: User,
    time_machine: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    capture = django_capture_on_commit_callbacks
    time_machine.move_to(CHECKED_IN, tick=False)
    rita = _sharing_runner(clinic, "Rita", capture)
    time_machine.move_to(QUIET, tick=False)
    alert = quiet_acknowledge(author=clinician, runner_id=rita.pk, note=NOTE)
    assert alert is not None
    before = Alert.objects.filter(pk=alert.pk).values().get()
    # Refreshing the alerts from the engine's output, and a new check-in, do not resolve
    # it, email it or make anything of it.
    alerts_refresh(runner_id=rita.pk)
    with capture(execute=True):
        log_run(rita, days_ago=0, pain=2)
    assert Alert.objects.filter(pk=alert.pk).values().get() == before
    assert Alert.objects.filter(runner=rita).count() == 1
    assert mailoutbox == []

    # The runner's data download holds it; the clinic's audit export has the entry.
    data = json.loads(login(rita).get(reverse("rehab:export")).content)
    [exported] = [a for a in data["clinic"]["alerts"] if a["kind"] == "quiet"]
    assert exported["note"] == NOTE and exported["source"] == alert.source
    assert exported["checkin_at"] and exported["by"]["you"] is False
    csv = login(clinic_admin).get("/clinic/audit.csv").content.decode()
    assert f"clinic.alert.acknowledged,{rita.email}" in csv
