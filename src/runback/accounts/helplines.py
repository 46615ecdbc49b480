"""Who a runner should call when a red flag is open (clinical model, section 1).

In Denmark the first call decides where to go: on working days 08-16 the runner's own
doctor; otherwise the region's medical helpline; 112 if life is at risk or no one can be
reached. The numbers live in one table, `settings.RUNBACK_REGIONS` (with a deployment
override), and a clinic may set its own helpline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import holidays
from django.conf import settings
from django.utils import timezone

from runback.accounts.models import User


@dataclass(frozen=True)
class Helpline:
    region: str  # a key of RUNBACK_REGIONS ("" for a clinic's own number)
    name: str
    number: str
    tel: str


def tel_link(number: str) -> str:
    """'70 11 07 07' -> 'tel:+4570110707'; short numbers (112, 1813) stay as they are."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if digits.startswith("+") or len(digits) <= 4:
        return f"tel:{digits}"
    return f"tel:{settings.RUNBACK_PHONE_PREFIX}{digits}"


def regions() -> dict[str, dict[str, Any]]:
    regions: dict[str, dict[str, Any]] = settings.RUNBACK_REGIONS
    return regions


def region_choices() -> list[tuple[str, str]]:
    return [(key, str(region["name"])) for key, region in regions().items()]


def region_name(key: str) -> str:
    region = regions().get(key)
    return str(region["name"]) if region else ""


def _helpline(key: str) -> Helpline:
    region = regions()[key]
    number = str(region["helpline"])
    return Helpline(region=key, name=str(region["name"]), number=number, tel=tel_link(number))


def helpline_for(user: User | Any) -> Helpline | None:
    """The runner's helpline: their clinic's own number first, else their region's."""
    clinic = getattr(user, "clinic", None)  # loaded with the user (UserManager)
    own = (getattr(clinic, "medical_helpline", "") or "").strip() if clinic else ""
    if own:
        return Helpline(region="", name=str(clinic), number=own, tel=tel_link(own))
    key = getattr(user, "region", "") or ""
    return _helpline(key) if key in regions() else None


def all_helplines() -> list[Helpline]:
    return [_helpline(key) for key in regions()]


def doctor_hours(user: User | Any) -> tuple[int, int]:
    region = regions().get(getattr(user, "region", "") or "") or next(iter(regions().values()))
    return int(region.get("doctor_from", 8)), int(region.get("doctor_until", 16))


def _now() -> datetime:
    return timezone.now()  # one place, so that tests can pin the time of day


# Public holidays, from the `holidays` library (kept up to date with each country's law).
# Only its official public holidays ("public" category; for Denmark e.g. Maundy Thursday,
# Ascension Day, 25 and 26 December): on those the region's medical helpline is the first
# call, as on a weekend. Christmas Eve, New Year's Eve, Constitution Day (5 June) and
# 1 May are in the library's "optional" category: not public holidays by law, and many
# practices are open on some of them, so they count as working days here; the page shows
# the helpline right below the own doctor all the same.
DEFAULT_HOLIDAY_COUNTRY = "DK"


@lru_cache(maxsize=8)
def _holidays(country: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country)


def is_public_holiday(day: date, *, country: str = DEFAULT_HOLIDAY_COUNTRY) -> bool:
    return day in _holidays(country)


def _holiday_country(user: User | Any) -> str:
    region = regions().get(getattr(user, "region", "") or "") or {}
    return str(region.get("holiday_country") or DEFAULT_HOLIDAY_COUNTRY)


def doctor_first(user: User | Any, now: datetime | None = None) -> bool:
    """True on working days during the own doctor's hours (the runner's time zone).

    Working days are Monday to Friday except public holidays (of the region's country,
    `holiday_country` in RUNBACK_REGIONS, Denmark unless a region says otherwise).
    """
    local = timezone.localtime(now or _now())
    start, end = doctor_hours(user)
    if local.weekday() >= 5 or is_public_holiday(local.date(), country=_holiday_country(user)):
        return False
    return start <= local.hour < end


def call_plan(user: User | Any, now: datetime | None = None) -> dict[str, Any]:
    """What the stop page and the footer show, in order: who to call first, the others."""
    helpline = helpline_for(user)
    start, end = doctor_hours(user)
    emergency = settings.RUNBACK_EMERGENCY_NUMBER
    return {
        "doctor_first": doctor_first(user, now),
        "doctor_from": f"{start:02d}",
        "doctor_until": f"{end:02d}",
        "helpline": helpline,
        "helplines": [] if helpline else all_helplines(),  # no region yet: all of them
        "emergency_number": emergency,
        "emergency_tel": tel_link(emergency),
        "has_region": bool(getattr(user, "region", "")),
    }


def engine_settings_for(user: User) -> dict[str, str]:
    """The numbers the engine's own texts quote (`settings` of the case)."""
    out = {"emergency_number": settings.RUNBACK_EMERGENCY_NUMBER}
    helpline = helpline_for(user)
    if helpline is not None:
        out["medical_helpline"] = helpline.number
    return out
