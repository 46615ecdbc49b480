"""Template helpers of the clinic side, and the pieces runner pages include: who has
access, what clinicians changed, and (only when true) that the clinic is told."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from runback.accounts.models import User
from runback.clinic import selectors
from runback.clinic.forms import PLAN_FIELDS, exercise_name, start_step_label
from runback.clinic.models import Alert, AlertKind
from runback.common.dates import date_in_words
from runback.engine.texts import FLAG_NAMES

register = template.Library()

SESSION_REASONS = {
    "pain_above_limit": _("pain above the limit"),
    "kept_rising": _("pain kept rising during the session"),
    "had_to_stop": _("had to stop"),
    "worse_next_morning": _("worse the next morning"),
}
PHASES = {
    "walk": _("Phase 1: walking"),
    "test": _("Phase 1: the test run"),
    "intervals": _("Phase 2: run-walk intervals"),
    "continuous": _("Phase 3: continuous running"),
    "alternative": _("Running paused"),
    "paused": _("Plan paused (red flag)"),
}
STEPS = {
    "walk": _("walking"),
    "test": _("the test run"),
    "intervals": _("intervals"),
    "continuous": _("continuous running"),
}
RECENT_DECISIONS = timedelta(days=14)


@register.filter
def alert_label(kind: str) -> str:
    try:
        return str(AlertKind(kind).label)
    except ValueError:
        return kind


@register.filter
def alert_text(alert: Alert) -> str:
    """What an alert is about, in a list: its kind, or for a quiet spell a clinician
    marked as handled, since when the runner had not checked in."""
    if alert.kind != AlertKind.QUIET:
        return alert_label(alert.kind)
    if alert.checkin_at is None:
        return str(_("No check-in yet"))
    return str(
        _("No check-in since %(date)s")
        % {"date": date_in_words(timezone.localdate(alert.checkin_at))}
    )


SETTING_LABELS = {
    **dict(PLAN_FIELDS),
    "start_step": _("Where running starts"),
    "exercise_swaps": _("Exercises swapped"),
    "flags": _("Flags cleared"),
}


@register.filter
def setting_label(name: str) -> str:
    return str(SETTING_LABELS.get(name, name))


@register.simple_tag
def setting_value(name: str, value: Any) -> str:
    """A changed setting's new value in words (a start step, swaps, flags; else as is)."""
    language = get_language()
    if name == "start_step":
        return start_step_label(value) if value else str(_("as the runner's first answers say"))
    if name == "exercise_swaps":
        if not value:
            return str(_("none (the usual programme)"))
        return "; ".join(
            _("%(new)s instead of %(old)s")
            % {"new": exercise_name(new, language), "old": exercise_name(old, language)}
            for old, new in dict(value).items()
        )
    if name == "flags" and isinstance(value, list):
        words = 1 if language == "en" else 0
        return "; ".join(FLAG_NAMES[f][words] if f in FLAG_NAMES else f for f in value)
    return str(value)


@register.filter
def session_reason(code: str) -> str:
    return str(SESSION_REASONS.get(code, code))


@register.filter
def step_name(step: str) -> str:
    """The summary's step ("walk", "test", "intervals 3", "continuous") in words."""
    kind, _space, week = step.partition(" ")
    if kind == "intervals" and week:
        return _("week %(week)s") % {"week": week}
    return str(STEPS.get(kind, kind))


@register.filter
def step_words(summary: Any) -> str:
    """The step, when the phase does not already say it (a week of intervals, or the step
    the plan stands at while it is paused)."""
    step = getattr(summary, "step", "") or ""
    kind = step.partition(" ")[0]
    if not step or (kind == summary.phase and kind != "intervals"):
        return ""
    return step_name(step)


@register.filter
def phase_name(phase: str) -> str:
    return str(PHASES.get(phase, phase))


@register.simple_tag
def clinics_told(user: Any) -> list[str]:
    """The clinics a runner shares with now ([] for anybody else)."""
    if not isinstance(user, User) or not user.is_runner or user.clinic_id is None:
        return []  # User.clinic follows the runner's active shares (clinic.services)
    return selectors.clinics_told(runner=user)


@register.inclusion_tag("clinic/includes/sharing_panel.html", takes_context=True)
def sharing_panel(context: dict[str, Any]) -> dict[str, Any]:
    user = context.get("user")
    if not isinstance(user, User) or not user.is_runner:
        return {"show": False}
    shares = selectors.shares_of(runner=user)
    return {
        "show": True,
        "shares": shares,
        "extended_ids": selectors.extended_share_ids(shares),
        "staff": selectors.staff_with_access(runner=user),
        "decisions": selectors.decisions_for_runner(runner=user),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("clinic/includes/recent_decisions.html")
def recent_decisions(user: Any) -> dict[str, Any]:
    """What clinicians changed in the runner's plan lately, who and why (on Today)."""
    if not isinstance(user, User) or not user.is_runner or user.clinic_id is None:
        return {"decisions": []}  # shares with no clinic now: no query
    since = timezone.now() - RECENT_DECISIONS
    return {
        "decisions": [
            d for d in selectors.decisions_for_runner(runner=user, limit=5) if d.created_at >= since
        ]
    }
