"""A runner who shares with two clinics is followed by both, and neither sees or changes
the other's work: alerts and their handling, notes, clearances' reasons, bookings and
free times, audit rows. The attacks found (issue 22) are repeated here exactly."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import pytest
from tests.assessments.conftest import at
from tests.clinic.conftest import flag, login
from tests.conftest import PASSWORD
from tests.histories import give_intake

from runback.accounts.models import AuditEntry, Clinic, Role, User
from runback.accounts.services import consent_give, user_create
from runback.assessments.models import Booking
from runback.assessments.services import booking_cancel, booking_create, slot_create
from runback.clinic.models import Alert
from runback.clinic.services import share_create
from runback.clinic.services_alerts import alerts_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_runner(
    runner: User, other_clinic: Clinic, django_capture_on_commit_callbacks: Any
) -> User:
    """The runner of "Testklinik" joins a second clinic ("Anden Klinik") too."""
    with django_capture_on_commit_callbacks(execute=True):
        share_create(runner=runner, clinic=other_clinic, language="da")
        give_intake(runner)
    return runner


def _csv_rows(client: Any) -> list[list[str]]:
    response = client.get("/clinic/audit.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


# --- the attack: clinic B's handling of a red flag reached clinic A -----------------------


def test_one_clinic_handling_an_alert_leaves_the_others_open(
    shared_runner: User,
    clinician: User,
    other_clinician: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    flag(shared_runner, ["TRIAGE-1"], django_capture_on_commit_callbacks)
    alerts = {a.clinic_id: a for a in Alert.objects.filter(runner=shared_runner)}
    assert set(alerts) == {clinician.clinic_id, other_clinician.clinic_id}
    # Each clinic's clinicians get the red-flag email once.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([clinician.email, other_clinician.email])
    a_client, b_client = login(clinician), login(other_clinician)
    b_alert = alerts[other_clinician.clinic_id]
    response = b_client.post(
        f"/clinic/alerts/{b_alert.pk}/handled/", {"note": "Ringet op, sendt på skadestuen Zebra-B7"}
    )
    assert response.status_code == 302
    assert "alert-emergency" in a_client.get("/clinic/").content.decode()
    assert "alert-emergency" not in b_client.get("/clinic/").content.decode()
    record = a_client.get(f"/clinic/runners/{shared_runner.pk}/").content.decode()
    assert "Zebra-B7" not in record
    assert other_clinician.email not in record
    assert "handled by" not in record and "håndteret af" not in record
    # Clinic B cannot handle clinic A's alert: a 404, and it stays open.
    a_alert = alerts[clinician.clinic_id]
    assert b_client.post(f"/clinic/alerts/{a_alert.pk}/handled/", {"note": "x"}).status_code == 404
    a_alert.refresh_from_db()
    assert a_alert.is_open
    # Nor is the other clinic named anywhere on clinic A's pages.
    assert "Anden Klinik" not in record
    assert "Anden Klinik" not in a_client.get("/clinic/").content.decode()


def test_a_clearance_reason_and_author_stay_with_their_clinic(
    shared_runner: User,
    clinician: User,
    other_clinician: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    flag(shared_runner, ["TRIAGE-5"], django_capture_on_commit_callbacks)
    b_client = login(other_clinician)
    with django_capture_on_commit_callbacks(execute=True):
        response = b_client.post(
            f"/clinic/runners/{shared_runner.pk}/clear/",
            {"reason": "Undersøgt hos os: cauda-test negativ Zebra-Q9", "flags": ["TRIAGE-5"]},
        )
    assert response.status_code == 302
    assert shared_runner.rehab_events.filter(type="cleared").exists()
    record = login(clinician).get(f"/clinic/runners/{shared_runner.pk}/").content.decode()
    assert "Zebra-Q9" not in record
    assert other_clinician.email not in record
    # Clinic B reads its own reason; the runner reads what changed and why.
    assert "Zebra-Q9" in b_client.get(f"/clinic/runners/{shared_runner.pk}/").content.decode()
    assert "Zebra-Q9" in login(shared_runner).get("/accounts/").content.decode()


def test_notes_stay_with_their_clinic(
    shared_runner: User, clinician: User, other_clinician: User
) -> None:
    b_client = login(other_clinician)
    b_client.post(f"/clinic/runners/{shared_runner.pk}/notes/", {"text": "Privat note Zebra-N4"})
    assert "Zebra-N4" in b_client.get(f"/clinic/runners/{shared_runner.pk}/").content.decode()
    assert (
        "Zebra-N4"
        not in login(clinician).get(f"/clinic/runners/{shared_runner.pk}/").content.decode()
    )


# --- the attack: clinic A moved a booking into clinic B's calendar ----------------------


def test_a_clinic_neither_sees_nor_moves_into_another_clinics_times(
    shared_runner: User, clinician: User, other_clinician: User
) -> None:
    User.objects.filter(pk=other_clinician.pk).update(name="Bente Anden")
    a_slot = slot_create(clinician=clinician, starts_at=at(3), minutes=30, place="Rum A1")
    b_slot = slot_create(clinician=other_clinician, starts_at=at(4), minutes=30, place="Rum B9")
    booking = booking_create(runner=shared_runner, slot_id=a_slot.pk)
    a_client = login(clinician)
    page = a_client.get(f"/assessments/{booking.pk}/move/").content.decode()
    assert "Rum B9" not in page and "Bente Anden" not in page
    assert other_clinician.email not in page
    a_client.post(f"/assessments/{booking.pk}/move/", {"slot": b_slot.pk})
    booking.refresh_from_db()
    assert booking.slot_id == a_slot.pk and booking.clinic_id == clinician.clinic_id
    assert not Booking.objects.filter(slot=b_slot).exists()
    # The runner moving it is kept to the same clinic too.
    login(shared_runner).post(f"/assessments/{booking.pk}/move/", {"slot": b_slot.pk})
    booking.refresh_from_db()
    assert booking.slot_id == a_slot.pk
    # Clinic B does not see clinic A's booking at all.
    b_client = login(other_clinician)
    for path in ("move/", "cancel/", "", "calendar.ics"):
        assert b_client.get(f"/assessments/{booking.pk}/{path}").status_code == 404, path
    assert "Rum A1" not in b_client.get("/assessments/clinic/").content.decode()


def test_a_clinician_who_left_no_longer_offers_their_old_clinics_times(
    runner: User, clinician: User, other_clinic: Clinic
) -> None:
    slot = slot_create(clinician=clinician, starts_at=at(3), minutes=30, place="Rum A1")
    User.objects.filter(pk=clinician.pk).update(clinic=other_clinic)
    assert "Rum A1" not in login(runner).get("/assessments/").content.decode()
    response = login(runner).post(f"/assessments/book/{slot.pk}/", {"note": ""})
    assert response.status_code in {200, 302}
    assert not Booking.objects.filter(slot=slot).exists()


# --- the attack: the audit CSV followed the clinician's current clinic ------------------


@pytest.fixture
def admins(clinic: Clinic, other_clinic: Clinic) -> tuple[User, User]:
    return (
        user_create(
            email="a.admin@example.com", password=PASSWORD, role=Role.CLINIC_ADMIN, clinic=clinic
        ),
        user_create(
            email="b.admin@example.com",
            password=PASSWORD,
            role=Role.CLINIC_ADMIN,
            clinic=other_clinic,
        ),
    )


def test_the_audit_csv_follows_the_clinic_the_action_was_taken_in(
    runner: User, clinician: User, other_clinic: Clinic, admins: tuple[User, User]
) -> None:
    a_admin, b_admin = admins
    client = login(clinician)
    assert client.get(f"/clinic/runners/{runner.pk}/").status_code == 200
    client.post(f"/clinic/runners/{runner.pk}/notes/", {"text": "Set"})
    # The clinician moves to the other clinic: their earlier actions stay clinic A's.
    User.objects.filter(pk=clinician.pk).update(clinic=other_clinic)
    assert [r for r in _csv_rows(login(b_admin))[1:] if r[4] == runner.email] == []
    a_rows = [r for r in _csv_rows(login(a_admin))[1:] if r[4] == runner.email]
    assert {r[3] for r in a_rows} >= {"clinic.record.viewed", "clinic.note.added"}
    assert {r[1] for r in a_rows} == {clinician.email}


def test_the_audit_csv_holds_every_staff_action(
    runner: User,
    clinician: User,
    admins: tuple[User, User],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        give_intake(runner)
    flag(runner, ["TRIAGE-5"], django_capture_on_commit_callbacks)
    client = login(clinician)
    client.post(
        f"/clinic/runners/{runner.pk}/clear/", {"reason": "Assessed.", "flags": ["TRIAGE-5"]}
    )
    first = slot_create(clinician=clinician, starts_at=at(3), minutes=30, place="")
    second = slot_create(clinician=clinician, starts_at=at(4), minutes=30, place="")
    booking = booking_create(runner=runner, slot_id=first.pk)
    assert client.get(f"/assessments/clinic/bookings/{booking.pk}/").status_code == 200
    assert client.get(f"/runners/{runner.pk}/plan.pdf").status_code == 200
    client.post(f"/assessments/{booking.pk}/move/", {"slot": second.pk})
    booking_cancel(actor=clinician, booking=booking, reason="")
    actions = {r[3] for r in _csv_rows(login(admins[0]))[1:]}
    assert {
        "rehab.event.cleared",
        "assessments.summary.viewed",
        "exports.plan_pdf.printed",
        "assessments.booking.moved",
        "assessments.booking.cancelled",
    } <= actions
    assert "assessments.booking.created" not in actions  # the runner's own, not staff's
    assert _csv_rows(login(admins[1]))[1:] == []


def test_no_audit_cell_can_start_a_formula(
    clinic: Clinic, clinician: User, admins: tuple[User, User]
) -> None:
    hostile = user_create(email="=cmd|'/ccalc'!a0@csv.dk", password=PASSWORD, clinic=clinic)
    consent_give(user=hostile, language="da")
    share_create(runner=hostile, clinic=clinic, language="da")
    assert login(clinician).get(f"/clinic/runners/{hostile.pk}/").status_code == 200
    response = login(admins[0]).get("/clinic/audit.csv")
    body = response.content.decode()
    assert "'=cmd|'/ccalc'!a0@csv.dk" in body
    for row in csv.reader(io.StringIO(body)):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_the_audit_entry_stores_the_clinic(runner: User, clinician: User) -> None:
    login(clinician).get(f"/clinic/runners/{runner.pk}/")
    entry = AuditEntry.objects.filter(subject=runner, action="clinic.record.viewed").get()
    assert entry.clinic_id == clinician.clinic_id
    own = AuditEntry.objects.filter(subject=runner, actor=runner)
    assert own.exists() and not own.exclude(clinic=None).exists()


def test_refresh_makes_one_alert_per_clinic_and_resolves_each(
    shared_runner: User,
    clinician: User,
    other_clinician: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    flag(shared_runner, ["TRIAGE-5"], django_capture_on_commit_callbacks)
    for _ in range(2):
        alerts_refresh(runner_id=shared_runner.pk)
    assert Alert.objects.filter(runner=shared_runner, kind="prompt").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_demo_shows_two_clinics_following_one_runner(mailoutbox: list[Any]) -> None:
    from runback.config.demo import demo_data_create

    demo_data_create()
    demo_data_create()  # idempotent
    shared = User.objects.get(email="todelt@demo.runback.dk")
    first = User.objects.get(email="kliniker@demo.runback.dk")
    second = User.objects.get(email="kliniker2@demo.runback.dk")
    assert second.clinic is not None and second.clinic.name == "Demo Løbeklinik"
    assert set(shared.clinic_shares.values_list("clinic__name", flat=True)) == {
        "Demo Fysioterapi",
        "Demo Løbeklinik",
    }
    alerts = Alert.objects.filter(runner=shared, kind="advise")
    assert Counter(a.clinic_id for a in alerts) == Counter([first.clinic_id, second.clinic_id])
    for clinician in (first, second):
        assert "Tove Todelt" in login(clinician).get("/clinic/").content.decode()
    note = "kun vores klinik kan læse den"
    assert note in login(first).get(f"/clinic/runners/{shared.pk}/").content.decode()
    page = login(second).get(f"/clinic/runners/{shared.pk}/").content.decode()
    assert note not in page and "Demo Fysioterapi" not in page
