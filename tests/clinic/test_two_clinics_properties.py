"""Property: whatever two clinics do, in any order, with a runner who shares with both
(red flags reported, alerts handled, notes written, flags cleared, times published,
bookings made, moved and cancelled), neither clinic ever sees the other's rows: not in
the selectors its pages read, not on its pages, and neither changes the other's."""

from __future__ import annotations

import contextlib
import itertools
import os
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.assessments.conftest import at
from tests.histories import give_intake

from runback.accounts.models import AuditEntry, Clinic, Role, User
from runback.accounts.services import clinic_create, consent_give, user_create
from runback.assessments import selectors as assessment_selectors
from runback.assessments import services as assessments
from runback.assessments.models import Booking, Slot
from runback.clinic import selectors, services, services_alerts, services_record
from runback.clinic.models import Alert, Decision, Note
from runback.common.clock import today
from runback.rehab.checkin.errors import NoProfile, RecordError
from runback.rehab.checkin.recording import event_record

EXAMPLES = {"dev": 15, "ci": 40, "nightly": 400}[os.environ.get("RUNBACK_HYPOTHESIS_PROFILE", "ci")]
ACTIONS = ("flag", "ack", "ack_other", "note", "clear", "slot", "book", "move", "cancel")
step = st.tuples(st.sampled_from("AB"), st.sampled_from(ACTIONS), st.integers(0, 5))
_n = itertools.count()


@dataclass
class Side:
    name: str
    clinic: Clinic
    clinician: User
    admin: User
    client: Client
    markers: list[str]


def _side(name: str, n: int) -> Side:
    clinic = clinic_create(name=f"Klinik {name}{n}")
    clinician = user_create(
        email=f"kl-{name.lower()}{n}@example.com",
        password=None,
        role=Role.CLINICIAN,
        clinic=clinic,
        name=f"Kliniker {name}{n}",
    )
    admin = user_create(
        email=f"admin-{name.lower()}{n}@example.com",
        password=None,
        role=Role.CLINIC_ADMIN,
        clinic=clinic,
    )
    client = Client()
    client.force_login(clinician)
    return Side(name, clinic, clinician, admin, client, [clinician.email, clinic.name])


FLAGS = ("TRIAGE-1", "TRIAGE-5", "TRIAGE-14")


def _act(side: Side, other: Side, runner: User, action: str, k: int, i: int) -> None:
    me = side.clinician
    if action == "flag":
        event_record(
            runner=runner,
            author=runner,
            payload={"type": "red_flag", "date": today().isoformat(), "flags": [FLAGS[k % 3]]},
        )
        services_alerts.alerts_refresh(runner_id=runner.pk)
    elif action in ("ack", "ack_other"):
        owner = side if action == "ack" else other
        open_ = list(Alert.objects.filter(runner=runner, clinic=owner.clinic).order_by("pk"))
        if not open_:
            return
        alert = open_[k % len(open_)]
        before = Alert.objects.filter(pk=alert.pk).values().get()
        text = f"ack-{side.name}-{i}"
        done = services_alerts.alert_acknowledge(alert_id=alert.pk, author=me, note=text)
        if owner is other:  # the other clinic's alert: refused, unchanged
            assert done is None
            assert Alert.objects.filter(pk=alert.pk).values().get() == before
        elif done is not None and done.note == text:
            side.markers.append(text)
    elif action == "note":
        text = f"note-{side.name}-{i}"
        services_record.note_add(author=me, runner_id=runner.pk, text=text)
        side.markers.append(text)
    elif action == "clear":
        text = f"reason-{side.name}-{i}"
        try:
            services_record.flag_clear(author=me, runner_id=runner.pk, reason=text)
        except (RecordError, NoProfile):
            return
        side.markers.append(text)
    elif action == "slot":
        place = f"room-{side.name}-{i}"
        try:
            assessments.slot_create(
                clinician=me, starts_at=at(2 + k, 8 + i % 9, 0), minutes=30, place=place
            )
        except assessments.AssessmentError:
            return
        side.markers.append(place)
    elif action == "book":
        free = list(
            assessment_selectors.slots_free().filter(clinic=side.clinic).order_by("starts_at")
        )
        if free:
            with contextlib.suppress(assessments.AssessmentError):  # e.g. one upcoming only
                assessments.booking_create(runner=runner, slot_id=free[k % len(free)].pk)
    elif action in ("move", "cancel"):
        bookings = list(
            Booking.objects.filter(runner=runner, cancelled_at__isnull=True).order_by("pk")
        )
        if not bookings:
            return
        booking = bookings[k % len(bookings)]
        mine = assessment_selectors.booking_for(viewer=me, booking_id=booking.pk)
        assert (mine is not None) == (booking.clinic_id == side.clinic.pk)
        if mine is None:  # the page is a 404: nothing to change
            assert side.client.get(f"/assessments/{booking.pk}/{action}/").status_code == 404
            return
        if action == "cancel":
            assessments.booking_cancel(actor=me, booking=mine)
            return
        targets = list(assessment_selectors.slots_free().exclude(pk=mine.slot_id).order_by("pk"))
        if not targets:
            return
        target = targets[k % len(targets)]
        try:
            assessments.booking_reschedule(actor=me, booking=mine, slot_id=target.pk)
        except assessments.AssessmentError:
            assert target.clinic_id != side.clinic.pk or target.starts_at <= at(0, 0)
        else:
            assert target.clinic_id == side.clinic.pk


def _sees_only_its_own(side: Side, other: Side, runner: User) -> None:
    me, mine = side.clinician, side.clinic.pk
    extras = selectors.record_extras(viewer=me, runner=runner)
    rows: list[Any] = [*extras.alerts, *extras.notes, *extras.decisions]
    rows += [a for alerts in selectors.alerts_by_runner(viewer=me, runner_ids=[runner.pk]).values()
             for a in alerts]  # fmt: skip
    rows += list(selectors.alerts_of_clinic(viewer=me))
    schedule = assessment_selectors.clinic_schedule(viewer=me)
    rows += [r.slot for r in schedule.rows] + [r.booking for r in schedule.booked]
    rows += list(selectors.audit_for_clinic(viewer=side.admin))
    assert all(row.clinic_id == mine for row in rows), [r for r in rows if r.clinic_id != mine]
    for booking in Booking.objects.filter(clinic=other.clinic):
        assert assessment_selectors.booking_for(viewer=me, booking_id=booking.pk) is None
    # What the other clinic did is never credited to, or changed by, this one.
    for alert in Alert.objects.filter(clinic=side.clinic, acknowledged_by__isnull=False):
        assert alert.acknowledged_by is not None
        assert alert.acknowledged_by.clinic_id == mine
    for model in (Note, Decision):
        assert not model.objects.filter(clinic=side.clinic, author=other.clinician).exists()
    assert not AuditEntry.objects.filter(clinic=side.clinic, actor=other.clinician).exists()
    assert not Slot.objects.filter(clinic=side.clinic, clinician=other.clinician).exists()


def _pages_show_only_its_own(side: Side, other: Side, runner: User) -> None:
    for url in (f"/clinic/runners/{runner.pk}/", "/clinic/", "/assessments/clinic/"):
        response = side.client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for marker in other.markers:
            assert marker not in text, (url, marker)


@pytest.mark.django_db
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_neither_clinic_ever_sees_the_others_rows(steps: list[tuple[str, str, int]]) -> None:
    with transaction.atomic():
        n = next(_n)
        sides = {"A": _side("A", n), "B": _side("B", n)}
        runner = user_create(email=f"todelt{n}@example.com", password=None, name=f"Todelt {n}")
        consent_give(user=runner, language="da")
        for side in sides.values():
            services.share_create(runner=runner, clinic=side.clinic, language="da")
        give_intake(runner)
        for i, (name, action, k) in enumerate(steps):
            side, other = sides[name], sides["B" if name == "A" else "A"]
            _act(side, other, runner, action, k, i)
            for a, b in ((sides["A"], sides["B"]), (sides["B"], sides["A"])):
                _sees_only_its_own(a, b, runner)
        for a, b in ((sides["A"], sides["B"]), (sides["B"], sides["A"])):
            _pages_show_only_its_own(a, b, runner)
        transaction.set_rollback(True)
