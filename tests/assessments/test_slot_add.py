"""Publishing one time."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from runback.accounts.models import User
from runback.assessments.models import Slot
from tests.assessments.conftest import at

pytestmark = pytest.mark.django_db
URL = "/assessments/clinic/times/add/"


def _data(days: int, start: str = "14:00", **extra: str) -> dict[str, str]:
    day = at(days).date().isoformat()
    return {"one-day": day, "one-start": start, "one-minutes": "30", "one-place": "Rum 1", **extra}


def test_a_clinician_publishes_a_time(clinician_client: Client, clinician: User) -> None:
    response = clinician_client.post(URL, _data(2), follow=True)
    assert "Lagt ud:" in response.content.decode()
    slot = Slot.objects.get()
    assert slot.clinician == clinician
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") == "14:00"
    assert (slot.minutes, slot.place) == (30, "Rum 1")


def test_a_past_time_is_refused_at_the_field(clinician_client: Client) -> None:
    response = clinician_client.post(URL, _data(-1))
    assert response.status_code == 400
    assert "Det tidspunkt er allerede gået" in response.content.decode()
    assert not Slot.objects.exists()


def test_an_overlapping_time_is_refused_at_the_field(clinician_client: Client) -> None:
    clinician_client.post(URL, _data(2))
    response = clinician_client.post(URL, _data(2, "14:15"))
    assert response.status_code == 400
    assert "overlapper" in response.content.decode()
    assert Slot.objects.count() == 1


def test_nonsense_is_refused(clinician_client: Client) -> None:
    response = clinician_client.post(URL, {"one-day": "x", "one-minutes": "7"})
    assert response.status_code == 400
    assert not Slot.objects.exists()


def test_runners_cannot_publish(runner_client: Client) -> None:
    assert runner_client.post(URL, _data(2)).status_code == 403
    assert not Slot.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "3000-01-01"])
def test_a_time_far_in_the_future_is_refused_at_the_field(
    clinician_client: Client, day: str
) -> None:
    """9999-12-31 23:30 was a 500 (OverflowError: its end is past the calendar)."""
    data = {"one-day": day, "one-start": "23:30", "one-minutes": "90", "one-place": ""}
    response = clinician_client.post(URL, data)
    assert response.status_code == 400
    assert "inden for de næste to år" in response.content.decode()
    assert not Slot.objects.exists()


def test_a_time_two_years_ahead_is_still_allowed(clinician_client: Client) -> None:
    assert clinician_client.post(URL, _data(365 * 2)).status_code == 302
    assert Slot.objects.count() == 1
