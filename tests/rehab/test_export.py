"""rehab:export: everything stored about the runner, as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.urls import reverse
from tests.conftest import PASSWORD
from tests.histories import log_run

from runback.accounts.models import User
from runback.accounts.services import consent_withdraw


@pytest.mark.django_db
def test_export_has_own_data_only(
    runner_with_plan_client: Client, runner_with_plan: User, other_runner: User
) -> None:
    log_run(runner_with_plan, days_ago=1)
    response = runner_with_plan_client.get(reverse("rehab:export"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == runner_with_plan.email
    assert [e["type"] for e in data["events"]] == ["run"]
    assert data["consents"][0]["text"]
    assert data["intake"]["answers"]["walking_tolerated"] is True
    assert other_runner.email not in response.content.decode()


@pytest.mark.django_db
def test_export_holds_everything_about_the_person(
    runner_with_plan: User, clinician: User, other_runner: User
) -> None:
    client = Client(REMOTE_ADDR="192.0.2.44", HTTP_USER_AGENT="Rita's phone")
    client.post(
        reverse("accounts:login"), {"username": runner_with_plan.email, "password": PASSWORD}
    )
    Client(REMOTE_ADDR="192.0.2.99").post(
        reverse("accounts:login"), {"username": other_runner.email, "password": PASSWORD}
    )
    log_run(runner_with_plan, days_ago=1)
    runner_with_plan.log_action("accounts.record.viewed", actor=clinician)
    admin_user = User.objects.create_superuser("admin@example.com", PASSWORD)
    LogEntry.objects.log_actions(
        user_id=admin_user.pk,
        queryset=[runner_with_plan],
        action_flag=CHANGE,
        change_message="name corrected",
    )

    response = client.get(reverse("rehab:export"))
    data = json.loads(response.content)

    assert data["format"] == "runback-export"
    assert data["version"] == 1
    account = data["account"]
    assert account["id"] == runner_with_plan.pk
    assert account["email"] == runner_with_plan.email
    assert account["name"] == "Rita Runner"
    assert account["role"] == "runner"
    assert account["clinic"] == {"id": runner_with_plan.clinic_id, "name": "Testklinik"}
    assert account["last_login"]
    assert account["region"] is None and account["region_name"] is None
    assert (account["is_staff"], account["is_superuser"]) == (False, False)
    assert (account["groups"], account["permissions"]) == ([], [])
    # Each entry: when and by whom it was recorded, read from the Event row generically.
    (event,) = data["events"]
    assert event["seq"] == 1
    assert event["type"] == "run"
    assert event["payload"]["pain_after"] == 2
    assert event["created_at"]
    assert event["by"] == {"you": True, "role": "runner"}
    assert "runner_id" not in event and "client_token" not in event
    assert data["intake"]["answers"]["walking_tolerated"] is True
    assert data["intake"]["intake_completed_at"]
    assert data["current_advice"]["output"]
    # Who did each audited action.
    viewed = [e for e in data["audit_log"] if e["action"] == "accounts.record.viewed"]
    assert viewed[0]["by"] == {"you": False, "role": "clinician", "name": clinician.email}
    created = [e for e in data["audit_log"] if e["action"] == "accounts.user.created"]
    assert created[0]["by"]["you"] is True
    # The login log, the admin log and the sessions.
    (login,) = data["login_log"]["logins"]
    assert login["ip_address"] == "192.0.2.44"
    assert login["user_agent"] == "Rita's phone"
    (change,) = data["admin_log"]
    assert change["action"] == "changed"
    assert change["change_message"] == "name corrected"
    assert change["by"] == {"you": False, "role": "clinic_admin", "name": "admin@example.com"}
    assert len(data["sessions"]) == 1
    body = response.content.decode()
    assert other_runner.email not in body
    assert "192.0.2.99" not in body


@pytest.mark.django_db
def test_export_is_never_cached(runner_with_plan_client: Client) -> None:
    response = runner_with_plan_client.get(reverse("rehab:export"))
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_export_stays_available_after_withdrawing_consent(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    consent_withdraw(user=runner_with_plan)
    response = runner_with_plan_client.get(reverse("rehab:export"))
    assert response.status_code == 200
    assert json.loads(response.content)["consents"][0]["withdrawn_at"]


@pytest.mark.django_db
def test_export_needs_a_runner(client: Client, clinician_client: Client) -> None:
    assert reverse("accounts:login") in client.get(reverse("rehab:export"))["Location"]
    assert clinician_client.get(reverse("rehab:export")).status_code == 403


@pytest.mark.django_db
def test_the_export_has_the_runners_region(client: Client, runner_with_plan: User) -> None:
    runner_with_plan.region = "syddanmark"
    runner_with_plan.save(update_fields=["region"])
    client.force_login(runner_with_plan)
    account = json.loads(client.get(reverse("rehab:export")).content)["account"]
    assert account["region"] == "syddanmark"
    assert account["region_name"] == "Region Syddanmark"


# Columns of the account that are deliberately not in the file, and why.
NOT_EXPORTED = {"password"}  # a one-way hash: of no use to the person, a risk if leaked
EXPORTED_AS = {"clinic": "clinic", "groups": "groups", "user_permissions": "permissions"}


@pytest.mark.django_db
def test_every_account_field_is_in_the_export(client: Client, runner_with_plan: User) -> None:
    """A field added to the User model later is in the export (and documented) or fails here."""
    client.force_login(runner_with_plan)
    account = json.loads(client.get(reverse("rehab:export")).content)["account"]
    doc = (Path(__file__).resolve().parents[2] / "docs" / "export-format.md").read_text()
    section = doc[doc.index("## `account`") : doc.index("## `consents[]`")]
    fields = [
        f.name
        for f in User._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created and f.name not in NOT_EXPORTED
    ]
    for name in ["id", *fields]:
        key = EXPORTED_AS.get(name, name)
        assert key in account, name
        assert f"`{key}`" in section, name
