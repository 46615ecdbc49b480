"""Moving an appointment to another free time (both sides; the runner up to the notice)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from runback.accounts.models import User
from runback.assessments import services
from runback.assessments.models import Booking
from tests.assessments.conftest import at, client_for

pytestmark = pytest.mark.django_db


def _url(booking: Booking) -> str:
    return f"/assessments/{booking.pk}/move/"


def test_the_runner_moves_to_another_time(
    runner_client: Client,
    booking: Booking,
    clinician: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    later = services.slot_create(clinician=clinician, starts_at=at(6), minutes=30, place="")
    page = runner_client.get(_url(booking)).content.decode()
    assert f'value="{later.pk}"' in page
    assert f'value="{booking.slot_id}"' not in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = runner_client.post(_url(booking), {"slot": later.pk}, follow=True)
    assert "Flyttet til" in response.content.decode()
    booking.refresh_from_db()
    assert (booking.slot_id, booking.sequence) == (later.pk, 1)
    assert len(mail.outbox) == 2


def test_the_clinician_moves_it(
    clinician_client: Client, booking: Booking, clinician: User
) -> None:
    later = services.slot_create(clinician=clinician, starts_at=at(6), minutes=30, place="")
    response = clinician_client.post(_url(booking), {"slot": later.pk})
    assert response["Location"] == "/assessments/clinic/"
    booking.refresh_from_db()
    assert booking.slot_id == later.pk


def test_a_time_not_offered_is_refused_at_the_field(
    runner_client: Client, booking: Booking, clinician: User
) -> None:
    services.slot_create(clinician=clinician, starts_at=at(6), minutes=30, place="")
    response = runner_client.post(_url(booking), {"slot": 999999})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_no_other_free_time_is_said_plainly(runner_client: Client, booking: Booking) -> None:
    assert "ingen andre ledige tider" in runner_client.get(_url(booking)).content.decode()


def test_within_the_notice_the_runner_cannot_move(
    runner: User, booking: Booking, clinician: User
) -> None:
    later = services.slot_create(clinician=clinician, starts_at=at(6), minutes=30, place="")
    with time_machine.travel(booking.slot.starts_at - timedelta(hours=1), tick=False):
        assert "Ring til klinikken" in client_for(runner).get(_url(booking)).content.decode()
        client_for(runner).post(_url(booking), {"slot": later.pk})
    booking.refresh_from_db()
    assert booking.slot_id != later.pk


def test_others_cannot_move(booking: Booking, second_runner: User, outside_clinician: User) -> None:
    for user in (second_runner, outside_clinician):
        assert client_for(user).get(_url(booking)).status_code == 404
