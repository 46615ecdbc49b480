"""The test clock of tests/conftest.py: RUNBACK_TEST_TODAY and the time_machine marker."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from runback.common.clock import today
from tests.conftest import clock_start

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def test_a_date_alone_means_noon_in_copenhagen() -> None:
    assert clock_start("2027-03-28") == datetime(2027, 3, 28, 12, 0, tzinfo=COPENHAGEN)


def test_a_time_is_local_and_an_offset_is_kept() -> None:
    moment = clock_start("2026-11-30T00:30")
    assert moment == datetime(2026, 11, 30, 0, 30, tzinfo=COPENHAGEN)
    assert moment.astimezone(ZoneInfo("UTC")).date() == date(2026, 11, 29)
    assert clock_start("2026-12-31T23:00+00:00").astimezone(COPENHAGEN).date() == date(2027, 1, 1)


def test_a_bad_value_is_refused() -> None:
    with pytest.raises(ValueError):
        clock_start("29/03/2027")


@pytest.mark.time_machine(datetime(2026, 11, 30, 0, 30, tzinfo=COPENHAGEN))
def test_a_pinned_test_sees_the_local_date_after_midnight() -> None:
    assert today() == date(2026, 11, 30)  # UTC is still on Sunday
    assert timezone.now().date() == date(2026, 11, 29)
