"""Every assessment URL as every persona, with a booking and a slot of *another* clinic's
runner and clinician in the path: nobody outside that clinic sees or changes them.

The URL patterns are enumerated from the resolver (namespace "assessments"), so a new one
is tried the day it is added; tests/test_url_access.py walks them all as well."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from runback.accounts.models import AuditEntry, User
from runback.assessments import services
from runback.assessments.models import Booking, Slot
from tests.assessments.conftest import at, client_for

pytestmark = pytest.mark.django_db

OTHER_MARKERS = ("zebra.otherrunner@example.org", "Zebra Otherrunner")


def _templates() -> list[str]:
    resolver = get_resolver()
    _namespace_prefix, sub = resolver.namespace_dict["assessments"]
    return ["/assessments/" + str(p.pattern) for p in sub.url_patterns]


def _fill(template: str, booking: Booking, slot: Slot) -> str:
    template = template.replace("<int:booking_id>", str(booking.pk))
    return template.replace("<int:slot_id>", str(slot.pk))


@pytest.fixture
def theirs(other_runner: User, outside_clinician: User) -> tuple[Booking, Slot]:
    booked = services.slot_create(
        clinician=outside_clinician, starts_at=at(3), minutes=30, place=""
    )
    free = services.slot_create(clinician=outside_clinician, starts_at=at(4), minutes=30, place="")
    return services.booking_create(runner=other_runner, slot_id=booked.pk, note="secret"), free


def _state() -> list[tuple[object, ...]]:
    return [
        *Booking.objects.order_by("pk").values_list("pk", "slot_id", "sequence", "cancelled_at"),
        *Slot.objects.order_by("pk").values_list("pk", "withdrawn_at"),
    ]


def test_every_pattern_is_listed() -> None:
    assert len(_templates()) == 10
    assert all(re.fullmatch(r"[\w/<>:.-]+", t) for t in _templates())


def test_nobody_outside_the_clinic_sees_or_changes_their_booking(
    theirs: tuple[Booking, Slot],
    runner: User,
    clinician: User,
    anonymous_client: Client,
) -> None:
    booking, free = theirs
    before = _state()
    audit_before = AuditEntry.objects.count()
    personas = {
        "anonymous": anonymous_client,
        "runner": client_for(runner),
        "clinician": client_for(clinician),
    }
    for template in _templates():
        url = _fill(template, booking, free)
        for persona, client in personas.items():
            for response in (
                client.get(url),
                client.post(url, {"slot": free.pk, "reason": "x", "note": "x"}),
            ):
                assert response.status_code < 500, (persona, url)
                body = response.content.decode(errors="replace")
                assert not any(m in body for m in OTHER_MARKERS), (persona, url)
                assert "secret" not in body, (persona, url)
                if persona == "anonymous":
                    assert response.status_code in {302, 405}, (url, response.status_code)
    assert _state() == before
    assert AuditEntry.objects.count() == audit_before


def test_their_own_clinic_and_runner_do_see_it(
    theirs: tuple[Booking, Slot], other_runner: User, outside_clinician: User
) -> None:
    booking, _free = theirs
    assert (
        client_for(other_runner).get(f"/assessments/{booking.pk}/calendar.ics").status_code == 200
    )
    page = client_for(outside_clinician).get(f"/assessments/clinic/bookings/{booking.pk}/")
    assert OTHER_MARKERS[1] in page.content.decode()
