"""Taking back a free time."""

from __future__ import annotations

import pytest
from django.test import Client

from runback.accounts.models import User
from runback.assessments.models import Booking, Slot
from tests.assessments.conftest import client_for

pytestmark = pytest.mark.django_db


def _url(slot: Slot) -> str:
    return f"/assessments/clinic/times/{slot.pk}/withdraw/"


def test_the_clinician_takes_back_a_free_time(clinician_client: Client, slot: Slot) -> None:
    response = clinician_client.post(_url(slot), follow=True)
    assert "tilbydes ikke længere" in response.content.decode()
    slot.refresh_from_db()
    assert slot.withdrawn_at is not None


def test_a_booked_time_cannot_be_taken_back(clinician_client: Client, booking: Booking) -> None:
    response = clinician_client.post(_url(booking.slot), follow=True)
    assert "Aflys bookingen først" in response.content.decode()
    booking.slot.refresh_from_db()
    assert booking.slot.withdrawn_at is None


def test_only_the_clinician_or_the_clinic_admin_may(
    slot: Slot, outside_clinician: User, clinic: object
) -> None:
    from runback.accounts.models import Role
    from runback.accounts.services import user_create

    clinician = slot.clinician
    assert clinician is not None  # the slot fixture's clinician
    colleague = user_create(
        email="col@example.com", password=None, role=Role.CLINICIAN, clinic=clinician.clinic
    )
    assert client_for(outside_clinician).post(_url(slot)).status_code == 404
    assert client_for(colleague).post(_url(slot)).status_code == 404
    admin = user_create(
        email="adm@example.com", password=None, role=Role.CLINIC_ADMIN, clinic=clinician.clinic
    )
    client_for(admin).post(_url(slot))
    slot.refresh_from_db()
    assert slot.withdrawn_at is not None


def test_get_is_not_allowed(clinician_client: Client, slot: Slot) -> None:
    assert clinician_client.get(_url(slot)).status_code == 405
