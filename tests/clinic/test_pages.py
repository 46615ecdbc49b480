"""The dashboard and the record: order, filters, search, constant queries, audit, the
runner's view of sharing and of clinicians' changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tests.clinic.conftest import flag, login, page_queries
from tests.histories import give_intake

from runback.accounts.models import AuditEntry, Clinic, User
from runback.accounts.services import consent_give, user_create
from runback.clinic.models import Decision, Invitation, Summary
from runback.clinic.services import share_create
from runback.clinic.services_alerts import alerts_refresh
from runback.common.clock import today
from runback.config.demo import runs_every_other_day_record

pytestmark = pytest.mark.django_db


def _sharing_runner(clinic: Clinic, n: int, runs: int, capture: Any) -> User:
    user = user_create(email=f"r{n}@example.com", password=None, name=f"Runner {n:03d}")
    consent_give(user=user, language="da")
    with capture(execute=True):
        share_create(runner=user, clinic=clinic, language="da")
        start = today() - timedelta(days=2 * runs + 2)
        give_intake(user, start_date=start.isoformat())
        runs_every_other_day_record(runner=user, start=start, runs=runs)
    return user


def test_dashboard_queries_do_not_grow_with_runners(
    clinic: Clinic, clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(clinician)
    _sharing_runner(clinic, 1, 2, django_capture_on_commit_callbacks)
    few = page_queries(client, "/clinic/")
    for n in range(2, 8):
        _sharing_runner(clinic, n, 2 + n, django_capture_on_commit_callbacks)
    assert page_queries(client, "/clinic/") == few
    assert page_queries(client, "/clinic/?show=all&q=runner") == few


def test_record_queries_do_not_grow_with_history(
    clinic: Clinic, clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(clinician)
    short = _sharing_runner(clinic, 1, 1, django_capture_on_commit_callbacks)
    long = _sharing_runner(clinic, 2, 30, django_capture_on_commit_callbacks)
    assert page_queries(client, f"/clinic/runners/{short.pk}/") == page_queries(
        client, f"/clinic/runners/{long.pk}/"
    )


def test_red_flag_on_top_then_filters_and_search(
    clinic: Clinic, clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    calm = _sharing_runner(clinic, 1, 3, django_capture_on_commit_callbacks)
    flagged = _sharing_runner(clinic, 2, 3, django_capture_on_commit_callbacks)
    flag(flagged, ["TRIAGE-2"], django_capture_on_commit_callbacks)
    client = login(clinician)
    page = client.get("/clinic/").content.decode()
    assert page.index(flagged.name) < page.index(calm.name)
    flags_only = client.get("/clinic/?show=flags").content.decode()
    assert flagged.name in flags_only and calm.name not in flags_only
    found = client.get("/clinic/?q=Runner 001").content.decode()
    assert calm.name in found and flagged.name not in found


def test_record_is_audited_and_the_runner_reads_it(flagged_runner: User, clinician: User) -> None:
    login(clinician).get(f"/clinic/runners/{flagged_runner.pk}/")
    entry = AuditEntry.objects.filter(subject=flagged_runner, action="clinic.record.viewed").get()
    assert entry.actor == clinician
    account = login(flagged_runner).get("/accounts/").content.decode()
    assert clinician.email in account  # who has access, and who looked


def test_note_is_private_to_the_clinic(
    flagged_runner: User, clinician: User, clinic_admin: User
) -> None:
    login(clinician).post(f"/clinic/runners/{flagged_runner.pk}/notes/", {"text": "Sore hip"})
    assert (
        "Sore hip"
        in login(clinic_admin).get(f"/clinic/runners/{flagged_runner.pk}/").content.decode()
    )
    for url in ("/today/", "/accounts/", "/history/"):
        assert "Sore hip" not in login(flagged_runner).get(url).content.decode()


def test_clearance_is_shown_to_the_runner_with_who_and_why(
    flagged_runner: User, clinician: User
) -> None:
    login(clinician).post(
        f"/clinic/runners/{flagged_runner.pk}/clear/",
        {"reason": "No sign of infection.", "flags": ["TRIAGE-5"]},
    )
    today_page = login(flagged_runner).get("/today/").content.decode()
    assert "No sign of infection." in today_page and clinician.email in today_page


def test_plan_settings_within_bounds_with_a_reason(runner_with_plan: User, clinician: User) -> None:
    client = login(clinician)
    url = f"/clinic/runners/{runner_with_plan.pk}/settings/"
    form = client.get(url)
    assert form.status_code == 200
    data = {name: field.initial for name, field in form.context["form"].fields.items()}
    refused = client.post(url, {**data, "sessions_per_step": 9, "reason": "More practice"})
    assert refused.status_code == 200 and refused.context["form"].errors["sessions_per_step"]
    assert not runner_with_plan.rehab_events.filter(type="settings").exists()
    client.post(url, {**data, "sessions_per_step": 4, "reason": "More practice"})
    event = runner_with_plan.rehab_events.get(type="settings")
    assert event.payload["changes"] == {"sessions_per_step": 4} and event.author == clinician
    decision = Decision.objects.get(runner=runner_with_plan)
    assert decision.reason == "More practice"
    assert "More practice" in login(runner_with_plan).get("/accounts/").content.decode()


def test_invitation_code_and_consent(
    clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    staff = login(clinician)
    staff.post("/clinic/invitations/", {"label": "Hans"})
    code = Invitation.objects.get().code
    newcomer = user_create(email="new@example.com", password=None, name="Hans Ny")
    consent_give(user=newcomer, language="da")
    client = login(newcomer)
    page = client.get(f"/clinic/join/?code={code}")
    assert "Testklinik" in page.content.decode()
    not_agreed = client.post("/clinic/join/", {"code": code})
    assert not_agreed.status_code == 200
    assert "Hans Ny" not in staff.get("/clinic/").content.decode()
    client.post("/clinic/join/", {"code": code, "agree": "on"})
    assert "Hans Ny" in staff.get("/clinic/").content.decode()
    share = newcomer.clinic_shares.get()
    assert "Testklinik" in share.text
    # The code is used up.
    other = user_create(email="other@example.com", password=None)
    consent_give(user=other, language="da")
    login(other).post("/clinic/join/", {"code": code, "agree": "on"})
    assert not other.clinic_shares.exists()


def test_audit_export_for_the_clinic_admin(
    flagged_runner: User, clinician: User, clinic_admin: User
) -> None:
    login(clinician).get(f"/clinic/runners/{flagged_runner.pk}/")
    response = login(clinic_admin).get("/clinic/audit.csv")
    body = response.content.decode()
    assert response.status_code == 200 and "clinic.record.viewed" in body
    assert clinician.email in body and flagged_runner.email in body
    assert login(clinician).get("/clinic/audit.csv").status_code == 403


def test_dashboard_says_today_and_yesterday_in_words(
    clinician: User, runner_with_plan: User
) -> None:
    alerts_refresh(runner_id=runner_with_plan.pk)  # what the commit of a check-in does
    summary = Summary.objects.get(runner=runner_with_plan)
    client = login(clinician)
    assert "i dag" in client.get("/clinic/").content.decode()
    checked_in = summary.last_checkin_at
    assert checked_in is not None  # the check-in refreshed it
    yesterday = checked_in - timedelta(days=1)
    summary.last_checkin_at = yesterday
    summary.save()
    assert "i går" in client.get("/clinic/").content.decode()
    summary.last_checkin_at = yesterday - timedelta(days=2)
    summary.save()
    assert "3 dage siden" in client.get("/clinic/").content.decode()
