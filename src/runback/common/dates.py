"""Dates in words, in the page's language (Danish first), never ISO in a sentence."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from runback.common.clock import today


def isodate(value: Any) -> date | None:
    """'2026-01-07' -> a date, so that |date formats it in the page's language."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def long_date(value: Any) -> str:
    """'2026-11-30' -> 'mandag den 30. november' / 'Monday 30 November', for sentences.

    The year is added when it is not this year.
    """
    parsed = isodate(value)
    if parsed is None:
        return ""
    english = get_language() == "en"
    text = date_format(parsed, "l j F" if english else r"l \d\e\n j. F")
    if parsed.year != today().year:
        text += f" {parsed.year}"
    return text


def short_day(value: Any) -> str:
    """'2026-01-07' -> 'ons 7. jan 2026' / 'Wed 7 Jan 2026' (lists; Danish months lower case)."""
    parsed = isodate(value)
    if parsed is None:
        return ""
    return date_format(parsed, "D j M Y" if get_language() == "en" else "D j. b Y")


def day(value: Any) -> str:
    """'2026-01-07' -> 'onsdag den 7. januar' / 'Wednesday 7 January', with today/tomorrow."""
    parsed = isodate(value)
    if parsed is None:
        return ""
    text = long_date(parsed)
    now = today()
    if parsed == now:
        return _("today (%(date)s)") % {"date": text}
    if (parsed - now).days == 1:
        return _("tomorrow (%(date)s)") % {"date": text}
    return text


def date_in_words(value: date | str) -> str:
    """A date for a sentence: "7. januar" (the Danish text says "den 7. januar") or
    "7 January"; with the year when it is not this year."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    english = get_language() == "en"
    if value.year == today().year:
        return date_format(value, "j F" if english else "j. F")
    return date_format(value, "j F Y" if english else "j. F Y")
