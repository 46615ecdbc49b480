"""The clinic's page: upcoming bookings and free times of the clinic, and the forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from runback.accounts.models import User
from runback.assessments import services
from runback.assessments.models import Booking
from tests.assessments.conftest import at, client_for, runner_of

pytestmark = pytest.mark.django_db
URL = "/assessments/clinic/"


def test_shows_bookings_with_the_runners_name_and_free_times(
    clinician_client: Client, booking: Booking, clinician: User
) -> None:
    free = services.slot_create(clinician=clinician, starts_at=at(4), minutes=45, place="Video")
    page = clinician_client.get(URL).content.decode()
    assert "Rita Runner" in page
    assert f"/assessments/clinic/bookings/{booking.pk}/" in page
    assert f"/assessments/clinic/times/{free.pk}/withdraw/" in page
    assert "Læg én tid ud" in page and "Læg flere tider ud på én dag" in page


def test_another_clinics_times_are_not_shown(booking: Booking, outside_clinician: User) -> None:
    page = client_for(outside_clinician).get(URL).content.decode()
    assert "Rita Runner" not in page
    assert "Klinikken, rum 2" not in page


def test_a_runner_who_is_no_longer_visible_is_shown_without_a_name(
    clinician_client: Client, booking: Booking, runner: User
) -> None:
    runner.is_active = False  # today's rule: an inactive runner is seen by nobody
    runner.save()
    page = clinician_client.get(URL).content.decode()
    assert "Rita Runner" not in page
    assert "ikke længere deler" in page


def test_runners_and_anonymous_are_refused(runner_client: Client, anonymous_client: Client) -> None:
    assert runner_client.get(URL).status_code == 403
    assert anonymous_client.get(URL)["Location"].startswith("/accounts/login/")


def test_the_nav_leads_clinic_staff_here(clinician_client: Client, runner_client: Client) -> None:
    assert f'href="{URL}"' in clinician_client.get("/accounts/").content.decode()
    assert f'href="{URL}"' not in runner_client.get("/accounts/").content.decode()


def test_query_count_does_not_grow_with_bookings(
    clinician: User, clinic: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(8):
        runner = runner_of(clinic, f"r{n}@example.com")
        slot = services.slot_create(
            clinician=clinician, starts_at=at(2, 8 + n), minutes=30, place=""
        )
        services.booking_create(runner=runner, slot_id=slot.pk)
    client = client_for(clinician)
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200
