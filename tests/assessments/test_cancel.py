"""Cancelling: both sides may, the runner up to the notice time; both are told."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from runback.accounts.models import User
from runback.assessments.models import Booking
from tests.assessments.conftest import client_for

pytestmark = pytest.mark.django_db


def _url(booking: Booking) -> str:
    return f"/assessments/{booking.pk}/cancel/"


def test_the_runner_cancels_after_a_confirmation(
    runner_client: Client, booking: Booking, django_capture_on_commit_callbacks: Any
) -> None:
    assert "Aflys aftalen?" in runner_client.get(_url(booking)).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = runner_client.post(_url(booking), {"reason": "Syg"}, follow=True)
    assert "Aftalen er aflyst" in response.content.decode()
    booking.refresh_from_db()
    assert booking.is_cancelled
    assert len(mail.outbox) == 2


def test_the_clinician_cancels_and_returns_to_the_clinic_page(
    clinician_client: Client, booking: Booking
) -> None:
    response = clinician_client.post(_url(booking), {"reason": ""})
    assert response["Location"] == "/assessments/clinic/"
    booking.refresh_from_db()
    assert booking.is_cancelled


def test_within_the_notice_the_runner_is_refused_the_clinic_is_not(
    runner: User, clinician: User, booking: Booking
) -> None:
    with time_machine.travel(booking.slot.starts_at - timedelta(hours=2), tick=False):
        page = client_for(runner).get(_url(booking)).content.decode()
        assert "Ring til klinikken" in page
        response = client_for(runner).post(_url(booking), {"reason": ""}, follow=True)
        assert "Ring til klinikken" in response.content.decode()
        booking.refresh_from_db()
        assert not booking.is_cancelled
        client_for(clinician).post(_url(booking), {"reason": ""})
        booking.refresh_from_db()
        assert booking.is_cancelled


def test_cancelling_twice_says_it_is_already_cancelled(
    runner_client: Client, booking: Booking
) -> None:
    runner_client.post(_url(booking), {"reason": ""})
    response = runner_client.post(_url(booking), {"reason": ""}, follow=True)
    assert "allerede aflyst" in response.content.decode()


def test_others_cannot_cancel(
    booking: Booking, second_runner: User, outside_clinician: User, anonymous_client: Client
) -> None:
    for user in (second_runner, outside_clinician):
        assert client_for(user).post(_url(booking), {"reason": ""}).status_code == 404
    assert anonymous_client.post(_url(booking), {})["Location"].startswith("/accounts/login/")
    booking.refresh_from_db()
    assert not booking.is_cancelled
