"""ZONE-TREND and ESC-7 (v3): weekly pain that rises from week to week.

[derived: Silbernagel et al. 2007, pain "must not increase from week to week".] A
week's pain is that calendar week's weekly-status `pain_week_avg` (the latest one). For
a calendar week, take the latest completed weeks with a value before it, going back as
long as each is at most 14 days after the one before it. ZONE-TREND holds for the week
when the latest is at least 2 above the one before, or the latest three rose each time.
When it holds in two calendar weeks in a row: ESC-7.
"""

from __future__ import annotations

from datetime import date, timedelta

TREND_RISE_POINTS = 2.0
TREND_MAX_GAP_DAYS = 14
WEEKS_KEPT = 8


def chain_before(week_pain: dict[str, float], week: date) -> list[float]:
    """The up to three latest weekly values before `week` that follow each other at most
    14 days apart (oldest first); the latest at most 14 days before `week`."""
    values: list[float] = []
    later = week
    for key in sorted(week_pain, reverse=True):
        day = date.fromisoformat(key)
        if day >= week:
            continue
        if (later - day).days > TREND_MAX_GAP_DAYS:
            break
        values.append(week_pain[key])
        later = day
        if len(values) == 3:
            break
    return values[::-1]


def trend_holds(week_pain: dict[str, float], week: date) -> bool:
    """ZONE-TREND for the calendar week starting on Monday `week`."""
    w = chain_before(week_pain, week)
    if len(w) >= 2 and w[-1] - w[-2] >= TREND_RISE_POINTS - 1e-9:
        return True
    return len(w) == 3 and w[0] < w[1] < w[2]


def esc7(week_pain: dict[str, float], week: date) -> bool:
    """ESC-7: ZONE-TREND in this calendar week and in the one before."""
    return trend_holds(week_pain, week) and trend_holds(week_pain, week - timedelta(days=7))


def record(week_pain: dict[str, float], week: date, value: float) -> None:
    """A weekly status: the week's value is the latest; only the latest weeks are kept."""
    week_pain[week.isoformat()] = value
    for key in sorted(week_pain)[:-WEEKS_KEPT]:
        del week_pain[key]
