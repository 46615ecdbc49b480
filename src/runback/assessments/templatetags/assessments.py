"""Template helpers of assessments: a time in words, and what Today may offer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from runback.assessments import selectors

register = template.Library()


@register.filter
def when(value: Any) -> str:
    """An appointment's start in local time: 'tirsdag den 8. december 2026 kl. 09:30' /
    'Tuesday 8 December 2026 at 09:30'."""
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value)
    if get_language() == "en":
        return date_format(local, r"l j F Y \a\t H:i")
    return date_format(local, r"l \d\e\n j. F Y \k\l. H:i")


@register.filter
def clock(value: Any) -> str:
    """'09:30' in local time."""
    if not isinstance(value, datetime):
        return ""
    return date_format(timezone.localtime(value), "H:i")


@register.filter
def day_heading(value: Any) -> str:
    """'tirsdag den 8. december' / 'Tuesday 8 December' (list headings)."""
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value)
    return date_format(local, "l j F" if get_language() == "en" else r"l \d\e\n j. F")


@register.simple_tag(takes_context=True)
def assessment_options(context: template.Context) -> selectors.RunnerOptions:
    """For Today: the runner's upcoming booking, or whether a slot can be booked at all."""
    request = context.get("request")
    return selectors.runner_options(runner=getattr(request, "user", None) or context["user"])
