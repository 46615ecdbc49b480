"""Template helpers for the engine's JSON: dates, bilingual texts, zones, exercises."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from runback.engine.texts import EXERCISE_NAMES

register = template.Library()


@register.filter
def isodate(value: Any) -> date | None:
    """'2026-01-07' -> a date, so that |date formats it in the page's language."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


@register.filter
def in_language(value: Any) -> str:
    """{"da": ..., "en": ...} -> the text in the page's language."""
    if isinstance(value, dict):
        return str(value.get("en" if get_language() == "en" else "da") or value.get("da") or "")
    return "" if value is None else str(value)


@register.filter
def exercise_name(exercise_id: str) -> str:
    names = EXERCISE_NAMES.get(exercise_id)
    if names is None:
        return exercise_id
    return names[1] if get_language() == "en" else names[0]


ZONES = {
    "green": ("✓", "Green: well tolerated"),
    "yellow": ("!", "Yellow: tolerated, keep an eye on it"),
    "red": ("✕", "Red: too much for now"),
    "provisional": ("…", "Provisional: waiting for your next-morning answer"),
}


@register.inclusion_tag("rehab/includes/zone.html")
def zone_badge(zone: str) -> dict[str, str]:
    symbol, label = ZONES.get(zone, ("?", zone))
    texts = {
        "green": _("Green: well tolerated"),
        "yellow": _("Yellow: tolerated, keep an eye on it"),
        "red": _("Red: too much for now"),
        "provisional": _("Provisional: waiting for your next-morning answer"),
    }
    return {"zone": zone, "symbol": symbol, "label": texts.get(zone, label)}


@register.filter
def minutes(value: Any) -> str:
    """8.0 -> '8', 2.5 -> '2,5' / '2.5'."""
    if value is None:
        return ""
    number = float(value)
    text = f"{number:g}"
    return text.replace(".", ",") if get_language() == "da" else text


@register.filter
def day(value: Any) -> str:
    """'2026-01-07' -> 'onsdag 7. januar' / 'Wednesday 7 January'."""
    from django.utils.dateformat import format as date_format

    parsed = isodate(value)
    if parsed is None:
        return ""
    return date_format(parsed, "l j F" if get_language() == "en" else "l j. F")
