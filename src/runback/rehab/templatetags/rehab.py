"""Template helpers for the engine's JSON: dates, bilingual texts, zones, exercises."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import template
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from runback.common.dates import day, isodate, long_date, short_day
from runback.common.names import exercise_name, in_language
from runback.engine.texts import FLAG_NAMES
from runback.rehab import rule_titles

register = template.Library()

# Shared with the rest of the product (runback.common), offered to the templates here.
for _filter in (isodate, in_language, exercise_name, long_date, short_day, day):
    register.filter(_filter)


@register.filter
def band_name(band: str) -> str:
    """'medium' -> 'Mellem elastik' / 'Medium band'."""
    from runback.rehab.checkin.strength_forms import BANDS

    return str(dict(BANDS).get(band, band))


@register.filter
def flag_name(flag_id: str) -> str:
    """'TRIAGE-1' -> what the runner answered yes to, in the page's language."""
    names = FLAG_NAMES.get(flag_id)
    if names is None:
        return flag_id
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
def add_days(value: Any, days: int) -> date | None:
    """A date `days` later (the day after a session: its next-morning day)."""
    parsed = isodate(value)
    return parsed + timedelta(days=int(days)) if parsed is not None else None


@register.filter
def rule_title(rule_id: str) -> str:
    """'RUN-P1' -> 'Fase 1: gang og løbetest' / 'Phase 1: walking and the test run'."""
    return rule_titles.rule_title(rule_id)


@register.simple_tag
def phase_label(output: dict[str, Any]) -> str:
    """Where the runner is in the plan, in words."""
    phase = output.get("phase")
    week = (output.get("plan") or {}).get("week")
    if phase == "walk":
        return _("Phase 1: walking")
    if phase == "test":
        return _("Phase 1: the test run")
    if phase == "intervals":
        return _("Phase 2: run-walk intervals, week %(week)s") % {"week": week}
    if phase == "continuous":
        return _("Phase 3: continuous running")
    if phase == "alternative":
        return _("Running is paused: walking and other training")
    return ""


@register.simple_tag
def step_progress(output: dict[str, Any]) -> str:
    plan = output.get("plan") or {}
    needed = plan.get("needed_at_step")
    if not needed or output.get("phase") not in {"intervals", "continuous"}:
        return ""
    return ngettext(
        "%(done)s of %(needed)s session at this step tolerated",
        "%(done)s of %(needed)s sessions at this step tolerated",
        int(needed),
    ) % {"done": plan.get("tolerated_at_step", 0), "needed": needed}
