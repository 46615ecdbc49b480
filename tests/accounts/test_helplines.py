"""runback.accounts.helplines: who to call, by region, clinic and time of day."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from runback.accounts.helplines import (
    call_plan,
    doctor_first,
    engine_settings_for,
    helpline_for,
    tel_link,
)
from runback.accounts.models import Clinic, User
from runback.common.env import regions_with_overrides

CPH = ZoneInfo("Europe/Copenhagen")
TUESDAY_10 = datetime(2026, 1, 6, 10, 0, tzinfo=CPH)
TUESDAY_16 = datetime(2026, 1, 6, 16, 0, tzinfo=CPH)
TUESDAY_07 = datetime(2026, 1, 6, 7, 59, tzinfo=CPH)
SATURDAY_10 = datetime(2026, 1, 10, 10, 0, tzinfo=CPH)


def test_tel_links_are_international_except_short_numbers() -> None:
    assert tel_link("70 11 07 07") == "tel:+4570110707"
    assert tel_link("1813") == "tel:1813"
    assert tel_link("112") == "tel:112"
    assert tel_link("+46 1177") == "tel:+461177"


@pytest.mark.parametrize(
    ("region", "number"),
    [
        ("hovedstaden", "1813"),
        ("sjaelland", "1818"),
        ("syddanmark", "70 11 07 07"),
        ("midtjylland", "70 11 31 31"),
        ("nordjylland", "70 15 03 00"),
    ],
)
def test_each_region_has_its_own_helpline(region: str, number: str) -> None:
    helpline = helpline_for(User(region=region))
    assert helpline is not None and helpline.number == number


def test_without_a_region_all_five_helplines_are_offered() -> None:
    plan = call_plan(User(region=""), TUESDAY_10)
    assert plan["helpline"] is None
    assert [h.number for h in plan["helplines"]] == [
        "1813",
        "1818",
        "70 11 07 07",
        "70 11 31 31",
        "70 15 03 00",
    ]
    assert engine_settings_for(User(region="")) == {"emergency_number": "112"}


def test_a_clinic_may_set_its_own_helpline() -> None:
    user = User(region="syddanmark", clinic=Clinic(name="Løbeklinikken", medical_helpline="33 33"))
    helpline = helpline_for(user)
    assert helpline is not None and helpline.number == "33 33"
    assert engine_settings_for(user)["medical_helpline"] == "33 33"


def test_own_doctor_first_on_weekdays_08_to_16_only() -> None:
    user = User(region="syddanmark")
    assert doctor_first(user, TUESDAY_10)
    assert not doctor_first(user, TUESDAY_16)
    assert not doctor_first(user, TUESDAY_07)
    assert not doctor_first(user, SATURDAY_10)
    # The runner's time zone: 09:30 UTC on a Tuesday is 10:30 in Copenhagen.
    assert doctor_first(user, datetime(2026, 1, 6, 7, 30, tzinfo=ZoneInfo("UTC")))


CHRISTMAS_DAY_10 = datetime(2026, 12, 25, 10, 0, tzinfo=CPH)  # a Friday
ORDINARY_THURSDAY_10 = datetime(2026, 12, 17, 10, 0, tzinfo=CPH)


def test_on_a_weekday_public_holiday_the_helpline_comes_first() -> None:
    """Clinical model, section 1: the region's helpline on holidays, as at weekends."""
    user = User(region="hovedstaden")
    assert not doctor_first(user, CHRISTMAS_DAY_10)
    assert not call_plan(user, CHRISTMAS_DAY_10)["doctor_first"]
    assert not doctor_first(user, datetime(2026, 5, 14, 10, 0, tzinfo=CPH))  # Ascension Day
    assert doctor_first(user, ORDINARY_THURSDAY_10)
    assert call_plan(user, ORDINARY_THURSDAY_10)["doctor_first"]


def test_only_official_public_holidays_close_the_doctor() -> None:
    """Christmas Eve, New Year's Eve and Constitution Day are not public holidays by law."""
    user = User(region="syddanmark")
    assert doctor_first(user, datetime(2026, 12, 24, 10, 0, tzinfo=CPH))
    assert doctor_first(user, datetime(2026, 6, 5, 10, 0, tzinfo=CPH))


def test_a_region_may_follow_another_countrys_holidays() -> None:
    may_day = datetime(2026, 5, 1, 10, 0, tzinfo=CPH)  # a Friday: a public holiday in Norway
    regions = {
        "oslo": {
            "name": "Oslo",
            "helpline": "116 117",
            "doctor_from": 8,
            "doctor_until": 16,
            "holiday_country": "NO",
        },
        "syddanmark": {"name": "Syddanmark", "helpline": "70 11 07 07"},
    }
    with override_settings(RUNBACK_REGIONS=regions):
        assert not doctor_first(User(region="oslo"), may_day)
        assert doctor_first(User(region="syddanmark"), may_day)  # not one in Denmark
    with pytest.raises(ImproperlyConfigured):
        regions_with_overrides(
            {}, defaults={}, overrides={"x": {"helpline": "1", "holiday_country": "XX"}}
        )


def test_regions_from_the_environment() -> None:
    base = {"a": {"name": "A", "helpline": "1"}, "b": {"name": "B", "helpline": "2"}}
    table = regions_with_overrides(
        base,
        defaults={"doctor_from": 8, "doctor_until": 16},
        overrides={"a": "99 99 99 99", "b": None, "c": {"name": "C", "helpline": "3"}},
    )
    assert table["a"]["helpline"] == "99 99 99 99"
    assert "b" not in table
    assert table["c"] == {"name": "C", "helpline": "3", "doctor_from": 8, "doctor_until": 16}
    with pytest.raises(ImproperlyConfigured):
        regions_with_overrides(base, defaults={}, overrides={"zzz": "1234"})
    with pytest.raises(ImproperlyConfigured):
        regions_with_overrides(base, defaults={}, overrides=["a"])


def test_a_deployment_override_reaches_the_page_numbers() -> None:
    regions = {
        "hovedstaden": {"name": "H", "helpline": "1999", "doctor_from": 8, "doctor_until": 16}
    }
    with override_settings(RUNBACK_REGIONS=regions):
        helpline = helpline_for(User(region="hovedstaden"))
        assert helpline is not None and helpline.tel == "tel:1999"
