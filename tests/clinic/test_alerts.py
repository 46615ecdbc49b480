"""Alerts are stored once from the snapshot and a red flag is emailed once."""

from __future__ import annotations

from typing import Any

import pytest
from tests.clinic.conftest import flag, login
from tests.histories import give_intake, log_run

from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.clinic.models import Alert, Summary
from runback.clinic.services import share_withdraw
from runback.clinic.services_alerts import alerts_refresh

pytestmark = pytest.mark.django_db


def test_red_flag_alert_and_one_email_per_flag(
    flagged_runner: User,
    clinician: User,
    other_clinician: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    alert = Alert.objects.get(runner=flagged_runner)
    assert alert.kind == "prompt" and alert.rule == "TRIAGE-5" and alert.emailed_at
    assert [m.to for m in mailoutbox] == [[clinician.email]]
    assert flagged_runner.email not in mailoutbox[0].body  # no name or address in email
    # Page views, refreshes and new check-ins do not send it again.
    client = login(clinician)
    for _ in range(3):
        assert client.get(f"/clinic/runners/{flagged_runner.pk}/").status_code == 200
        assert client.get("/clinic/").status_code == 200
        alerts_refresh(runner_id=flagged_runner.pk)
    assert len(mailoutbox) == 1
    assert Alert.objects.filter(runner=flagged_runner).count() == 1
    # A second, new flag is a new alert and a new email (emergency first).
    flag(flagged_runner, ["TRIAGE-1"], django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2
    assert "emergency" in mailoutbox[1].subject.lower() or "akut" in mailoutbox[1].subject.lower()


def test_no_alert_and_no_email_without_a_share(
    runner: User, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    share_withdraw(runner=runner, share_id=runner.clinic_shares.get().pk)
    with django_capture_on_commit_callbacks(execute=True):
        give_intake(runner)
    flag(runner, ["TRIAGE-5"], django_capture_on_commit_callbacks)
    assert not Alert.objects.exists()
    assert mailoutbox == []


def test_red_session_alert_and_summary(
    runner: User, clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        give_intake(runner)
        log_run(runner, days_ago=1, pain=8)
    assert Alert.objects.filter(runner=runner, kind="red_session").count() == 1
    summary = Summary.objects.get(runner=runner)
    assert summary.last_zone == "red" and summary.last_checkin_at is not None


def test_clearance_resolves_the_flag_alert(
    flagged_runner: User, clinician: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(clinician)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/clinic/runners/{flagged_runner.pk}/clear/",
            {"reason": "Assessed, no infection.", "flags": ["TRIAGE-5"]},
        )
    assert response.status_code == 302
    alert = Alert.objects.get(runner=flagged_runner)
    assert alert.resolved_at is not None
    output = User.objects.get(pk=flagged_runner.pk).rehab_snapshot.output
    assert output["triage"]["level"] == "none"
    assert output["triage"]["cleared"]["by"] == "clinician"


def test_acknowledge_with_a_note(flagged_runner: User, clinician: User) -> None:
    alert = Alert.objects.get(runner=flagged_runner)
    client = login(clinician)
    refused = client.post(f"/clinic/alerts/{alert.pk}/handled/", {"note": ""})
    assert refused.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    client.post(f"/clinic/alerts/{alert.pk}/handled/", {"note": "Called her, GP today."})
    alert.refresh_from_db()
    assert alert.acknowledged_by == clinician and alert.note == "Called her, GP today."


def test_a_runner_of_no_clinic_is_never_told_the_clinic_knows(
    django_capture_on_commit_callbacks: Any,
) -> None:
    lone = user_create(email="lone@example.com", password=None)
    consent_give(user=lone, language="da")
    with django_capture_on_commit_callbacks(execute=True):
        give_intake(lone)
    flag(lone, ["TRIAGE-5"], django_capture_on_commit_callbacks)
    page = login(lone).get("/today/").content.decode()
    assert "clinic-told" not in page


def test_a_sharing_runner_is_told_the_clinic_knows(flagged_runner: User) -> None:
    page = login(flagged_runner).get("/today/").content.decode()
    assert "clinic-told" in page and "Testklinik" in page


@pytest.mark.django_db(transaction=True)
def test_demo_clinician_sees_a_dashboard_with_alerts(mailoutbox: list[Any]) -> None:
    from runback.config.demo import demo_data_create

    demo_data_create()
    demo_data_create()  # idempotent: nothing twice
    clinician = User.objects.get(email="kliniker@demo.runback.dk")
    page = login(clinician).get("/clinic/").content.decode()
    assert page.index("Frida Flag") < page.index("Karl Kontinuerlig")
    assert Alert.objects.filter(runner__email="roedtflag@demo.runback.dk", kind="prompt").exists()
    assert Alert.objects.filter(runner__email="pause@demo.runback.dk", kind="stall").exists()
    assert len(mailoutbox) == 1  # the one red flag, once


def test_refreshing_a_sharing_runner_after_a_check_in_runs_a_few_queries(
    runner: User, django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any
) -> None:
    """After a check-in that changes no alert: whether the runner shares, the output, the
    last check-in, one UPDATE of the summary, the alerts: whatever the history."""
    with django_capture_on_commit_callbacks(execute=True):
        give_intake(runner)
        for days_ago in range(12, 0, -2):
            log_run(runner, days_ago=days_ago)
    assert Summary.objects.filter(runner=runner).exists()
    with django_assert_max_num_queries(5):
        alerts_refresh(runner_id=runner.pk)


def test_refreshing_a_runner_who_shares_with_no_clinic_reads_one_row_at_most(
    runner: User, django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any
) -> None:
    share_withdraw(runner=runner, share_id=runner.clinic_shares.get().pk)
    with django_capture_on_commit_callbacks(execute=True):
        give_intake(runner)
    with django_assert_max_num_queries(1):
        assert alerts_refresh(runner_id=runner.pk) == []
