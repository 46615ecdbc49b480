"""Template helpers for the web app: the head elements, the offline status, Today's
"Start" button."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.conf import settings
from django.core.signing import Signer
from django.urls import reverse
from django.utils.translation import ngettext

from runback.common.clock import today

register = template.Library()


@register.filter
def due_today(next_run: Any) -> bool:
    """True when `next_run` may be done today (its earliest day has come)."""
    if not isinstance(next_run, dict) or not next_run.get("phase"):
        return False
    return str(next_run.get("earliest_date") or "") <= today().isoformat()


@register.simple_tag(takes_context=True)
def pwa_user_key(context: dict[str, Any]) -> str:
    """An opaque key for the logged-in person: the phone keeps pages and queued check-ins
    per key, and drops the pages when another key (or none) appears."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    return Signer(salt="runback.pwa.user").sign(str(user.pk)).rsplit(":", 1)[1][:22]


@register.simple_tag
def pwa_texts() -> str:
    """The offline status texts for app.js, as JSON for a data attribute (one and many;
    the template escapes it)."""
    texts = {
        "queued": [
            ngettext(
                "%(n)s check-in is kept on this phone and will be sent when you are online.",
                "%(n)s check-ins are kept on this phone and will be sent when you are online.",
                n,
            )
            for n in (1, 2)
        ],
        "sent": [
            ngettext(
                "%(n)s check-in kept on this phone has now been sent.",
                "%(n)s check-ins kept on this phone have now been sent.",
                n,
            )
            for n in (1, 2)
        ],
        "refused": [
            ngettext(
                "%(n)s check-in kept on this phone was not accepted. Please log it again.",
                "%(n)s check-ins kept on this phone were not accepted. Please log them again.",
                n,
            )
            for n in (1, 2)
        ],
    }
    return json.dumps(texts, ensure_ascii=False)


@register.simple_tag
def pwa_done_prefix() -> str:
    """Where a check-in lands when it is saved (the result page's folder)."""
    return reverse("rehab:checkin_result", args=["e0"]).removesuffix("e0/")


@register.filter
def clock(seconds: Any) -> str:
    """245 -> '4:05' (the timer's display before its script runs)."""
    total = int(seconds or 0)
    return f"{total // 60}:{total % 60:02d}"


@register.simple_tag
def pwa_csrf_cookie() -> str:
    """The CSRF cookie's name: a check-in sent later takes its security token from it."""
    return str(settings.CSRF_COOKIE_NAME)
