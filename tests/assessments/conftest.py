"""Assessment fixtures: a clinician's free slot tomorrow, a second runner of the clinic,
and a clinician of another clinic."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from runback.accounts.models import Clinic, Role, User
from runback.accounts.services import consent_give, user_create
from runback.assessments.models import Booking, Slot
from runback.assessments.services import booking_create, slot_create
from runback.clinic.services import share_create
from tests.conftest import PASSWORD


def at(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """A local time `days` from today (Europe/Copenhagen)."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def slot(clinician: User) -> Slot:
    return slot_create(clinician=clinician, starts_at=at(3), minutes=30, place="Klinikken, rum 2")


def runner_of(clinic: Clinic, email: str, name: str = "") -> User:
    """A runner with consent who shares with `clinic`, so its clinicians may see them."""
    user = user_create(email=email, password=PASSWORD, clinic=clinic, name=name)
    consent_give(user=user, language="da")
    share_create(runner=user, clinic=clinic, language="da")
    return user


@pytest.fixture
def second_runner(clinic: Clinic) -> User:
    return runner_of(clinic, "second@example.com", "Sam")


@pytest.fixture
def outside_clinician(other_clinic: Clinic) -> User:
    return user_create(
        email="outside@example.com", password=PASSWORD, role=Role.CLINICIAN, clinic=other_clinic
    )


@pytest.fixture
def booking(runner: User, slot: Slot) -> Booking:
    return booking_create(runner=runner, slot_id=slot.pk)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
