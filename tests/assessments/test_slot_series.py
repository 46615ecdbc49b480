"""Publishing several times on one day."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from runback.assessments.models import Slot
from tests.assessments.conftest import at

pytestmark = pytest.mark.django_db
URL = "/assessments/clinic/times/series/"


def _data(**extra: str) -> dict[str, str]:
    return {
        "series-day": at(3).date().isoformat(),
        "series-first": "09:00",
        "series-last": "11:00",
        "series-minutes": "30",
        "series-every": "40",
        "series-place": "Video",
        **extra,
    }


def test_every_time_that_fits_is_published(clinician_client: Client) -> None:
    response = clinician_client.post(URL, _data(), follow=True)
    assert "3 tider lagt ud." in response.content.decode()
    starts = [timezone.localtime(s.starts_at).strftime("%H:%M") for s in Slot.objects.all()]
    assert starts == ["09:00", "09:40", "10:20"]


def test_overlapping_times_are_refused_at_the_field(clinician_client: Client) -> None:
    response = clinician_client.post(URL, _data(**{"series-every": "20"}))
    assert response.status_code == 400
    assert "Tiderne ville overlappe" in response.content.decode()


def test_no_room_is_refused_at_the_field(clinician_client: Client) -> None:
    response = clinician_client.post(URL, _data(**{"series-last": "09:20"}))
    assert response.status_code == 400
    assert "ikke plads" in response.content.decode()


def test_a_past_day_is_refused(clinician_client: Client) -> None:
    response = clinician_client.post(URL, _data(**{"series-day": at(-2).date().isoformat()}))
    assert response.status_code == 400
    assert not Slot.objects.exists()


def test_runners_cannot_publish(runner_client: Client) -> None:
    assert runner_client.post(URL, _data()).status_code == 403


def test_a_series_far_in_the_future_is_refused_at_the_field(clinician_client: Client) -> None:
    """9999-12-31 23:30 was a 500 (OverflowError)."""
    response = clinician_client.post(
        URL,
        _data(
            **{
                "series-day": "9999-12-31",
                "series-first": "23:30",
                "series-last": "23:59",
                "series-minutes": "15",
            }
        ),
    )
    assert response.status_code == 400
    assert "inden for de næste to år" in response.content.decode()
    assert not Slot.objects.exists()
