"""Every clinic URL pattern and action, as every persona: anonymous, the runner, another
runner, a clinician of the runner's clinic, a clinician of another clinic, the clinic
admin, the clinician again after the runner withdrew sharing, a clinician of a second
clinic the runner shares with too (who follows the runner but never handles the first
clinic's alert), and the clinician after they moved to another clinic. The patterns are
read from the resolver: a new one fails here until it has a row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from tests.clinic.conftest import login
from tests.conftest import PASSWORD

from runback.accounts.models import Clinic, Role, User
from runback.accounts.services import user_create
from runback.clinic.models import Alert, Note, Share, Summary
from runback.clinic.services import share_create, share_withdraw
from runback.clinic.services_alerts import alerts_refresh

PERSONAS = (
    "anonymous",
    "runner",
    "other_runner",
    "clinician",
    "other_clinician",
    "clinic_admin",
    "withdrawn",
    "second_clinic",
    "moved",
)
# name -> (method, the personas that succeed)
STAFF = {"clinician", "clinic_admin"}
# Staff of the second clinic the runner shares with: its own work on the runner.
BOTH = STAFF | {"second_clinic"}
ANY_STAFF = BOTH | {"other_clinician", "withdrawn", "moved"}
MATRIX: dict[str, tuple[str, set[str]]] = {
    "dashboard": ("get", ANY_STAFF),
    "record": ("get", BOTH),
    "note_add": ("post", BOTH),
    "flag_clear": ("post", BOTH),
    "plan_settings": ("get", BOTH),
    # the first clinic's alert: only its own staff handle it
    "alert_acknowledge": ("post", STAFF),
    "quiet_acknowledge": ("post", BOTH),
    "invitations": ("get", ANY_STAFF),
    "audit_export": ("get", {"clinic_admin"}),
    "join": ("get", {"runner", "other_runner"}),
    "share_withdraw": ("post", {"runner"}),
    # only the runner who owns the share (given before it named the watch activities)
    "share_extend": ("post", {"runner"}),
}


def _clinic_names() -> set[str]:
    resolver = get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "clinic":
            return {p.name for p in entry.url_patterns if isinstance(p, URLPattern) and p.name}
    raise AssertionError("no clinic URLs")


def test_every_clinic_pattern_is_in_the_matrix() -> None:
    assert _clinic_names() == set(MATRIX)


def _url(name: str, runner: User, first: int) -> str:
    """The URL of `name` about `runner` (their share with, and alert of, clinic `first`)."""
    args: dict[str, Any] = {
        "record": [runner.pk],
        "note_add": [runner.pk],
        "flag_clear": [runner.pk],
        "plan_settings": [runner.pk],
        "quiet_acknowledge": [runner.pk],
        "alert_acknowledge": [
            Alert.objects.filter(runner=runner, clinic_id=first).values_list("pk", flat=True)[0]
        ],
        "share_withdraw": [
            Share.objects.filter(runner=runner, clinic_id=first).values_list("pk", flat=True)[0]
        ],
        "share_extend": [
            Share.objects.filter(runner=runner, clinic_id=first).values_list("pk", flat=True)[0]
        ],
    }
    return reverse(f"clinic:{name}", args=args.get(name, []))


DATA = {
    "text": "A note",
    "reason": "Assessed today.",
    "note": "Seen.",
    "flags": ["TRIAGE-5"],
    "agree": "on",
}


def _effect(name: str, runner: User) -> bool:
    """Did the action change the runner's record?"""
    if name == "note_add":
        return Note.objects.filter(runner=runner).exists()
    if name == "flag_clear":
        return runner.rehab_events.filter(type="cleared").exists()
    if name == "alert_acknowledge":  # of the first clinic (the one in the URL)
        return Alert.objects.filter(
            runner=runner, clinic_id=runner_clinic(runner), acknowledged_at__isnull=False
        ).exists()
    if name == "quiet_acknowledge":
        return Alert.objects.filter(runner=runner, kind="quiet").exists()
    if name == "share_withdraw":
        return Share.objects.filter(runner=runner, withdrawn_at__isnull=False).exists()
    if name == "share_extend":
        return Share.objects.filter(runner=runner, includes_activities=True).exists()
    return False


def runner_clinic(runner: User) -> int:
    return Share.objects.filter(runner=runner).order_by("pk").values_list("clinic_id", flat=True)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_only_the_right_people_succeed(
    name: str,
    persona: str,
    flagged_runner: User,
    other_runner: User,
    clinician: User,
    other_clinician: User,
    clinic_admin: User,
    other_clinic: Clinic,
) -> None:
    first = runner_clinic(flagged_runner)
    second = user_create(
        email="second.clinic@example.com",
        password=PASSWORD,
        role=Role.CLINICIAN,
        clinic=other_clinic,
    )
    if persona == "second_clinic":  # the runner shares with a second clinic too
        share_create(runner=flagged_runner, clinic=other_clinic, language="da")
        alerts_refresh(runner_id=flagged_runner.pk)
        assert Alert.objects.filter(runner=flagged_runner, clinic=other_clinic).exists()
    if persona == "moved":  # the clinician moved to another clinic
        User.objects.filter(pk=clinician.pk).update(clinic=other_clinic)
        clinician.refresh_from_db()
    clients = {
        "anonymous": Client(),
        "runner": login(flagged_runner),
        "other_runner": login(other_runner),
        "clinician": login(clinician),
        "other_clinician": login(other_clinician),
        "clinic_admin": login(clinic_admin),
        "withdrawn": login(clinician),
        "second_clinic": login(second),
        "moved": login(clinician),
    }
    if name == "share_extend":  # a share given before the words named the activities
        Share.objects.filter(runner=flagged_runner).update(includes_activities=False)
    if persona == "withdrawn":
        share = Share.objects.get(runner=flagged_runner, clinic_id=first)
        assert share_withdraw(runner=flagged_runner, share_id=share.pk)
    if name == "quiet_acknowledge":  # no check-in for weeks: there is a quiet line to mark
        Summary.objects.filter(runner=flagged_runner).update(
            last_checkin_at=timezone.now() - timedelta(days=30)
        )
    method, allowed = MATRIX[name]
    url = _url(name, flagged_runner, first)
    client = clients[persona]
    response = getattr(client, method)(url, DATA)
    if persona in allowed:
        assert response.status_code in {200, 302}, (name, persona, response.status_code)
        if response.status_code == 302:
            assert "login" not in response["Location"]
        if method == "post" and persona != "withdrawn":
            assert _effect(name, flagged_runner), (name, persona)
        body = b"".join(response) if response.streaming else response.content
        if persona != "other_runner":  # their own pages show their own address
            assert other_runner.email.encode() not in body
        if persona in {"other_clinician", "withdrawn", "moved"}:
            assert flagged_runner.name.encode() not in body, (name, persona)
    else:
        if persona == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"]
        elif name == "share_withdraw" and persona == "other_runner":
            assert response.status_code == 302  # to their own account page
        else:
            assert response.status_code in {403, 404}, (name, persona, response.status_code)
        if name != "share_withdraw" or persona != "withdrawn":
            assert not _effect(name, flagged_runner), (name, persona)


@pytest.mark.django_db
def test_withdrawing_ends_access_at_once(flagged_runner: User, clinician: User) -> None:
    client = login(clinician)
    url = f"/clinic/runners/{flagged_runner.pk}/"
    assert client.get(url).status_code == 200
    assert flagged_runner.name in client.get("/clinic/").content.decode()
    runner_client = login(flagged_runner)
    share = Share.objects.get(runner=flagged_runner)
    runner_client.post(f"/clinic/shares/{share.pk}/withdraw/")
    assert client.get(url).status_code == 404
    assert flagged_runner.name not in client.get("/clinic/").content.decode()
    assert "Testklinik" not in runner_client.get("/today/").content.decode()
