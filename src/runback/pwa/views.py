"""The interval timer, the web app manifest, the service worker and its offline page.

The timer reads what Today reads (the engine's `next_run`); nothing is stored here. The
manifest, the service worker and the offline page hold no personal data and are public.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from runback.accounts.decorators import runner_required
from runback.common.clock import today
from runback.pwa.selectors import timer_data
from runback.rehab.checkin.snapshots import advice_for_today
from runback.rehab.pages import (
    checkin_guard,
    page_language,
    runner_page_state,
)

THEME_COLOR = "#1d5c4a"
BACKGROUND_COLOR = "#ffffff"
# Static files every page needs, cached when the service worker is installed.
PRECACHE_STATIC = (
    "runback/runback.css",
    "runback/app.js",
    "runback/queue.js",
    "runback/timer.css",
    "runback/timer.js",
    "runback/timer-schedule.js",
    "runback/favicon.svg",
    "runback/icons/icon-192.png",
)


@runner_required
@require_GET
def timer(request: HttpRequest) -> HttpResponse:
    """Today's session as a full-screen interval timer; at the end, the session check-in."""
    state = runner_page_state(request)
    if (response := checkin_guard(state)) is not None:
        return response
    output = advice_for_today(state)
    if output is None or output["paused"]:
        return redirect("rehab:today")
    next_run = output["next_run"]
    data = timer_data(
        next_run,
        checkin_url=reverse("rehab:checkin_session"),
        language=page_language(),
        today=today(),
    )
    if not data["segments"]:
        return redirect("rehab:today")
    return render(request, "pwa/timer.html", {"timer": data, "next_run": next_run})


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: installable to the home screen, opening on Today."""
    icons = [
        {
            "src": static(f"runback/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }
        for size in (192, 512)
        for purpose in ("any", "maskable")
    ]
    data = {
        "id": "/",
        "name": "Runback",
        "short_name": "Runback",
        "description": _(
            "Run again with a sore back: your plan, your interval timer, your check-ins."
        ),
        "lang": page_language(),
        "start_url": reverse("rehab:today"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


def _service_worker_context() -> dict[str, object]:
    urls = [static(name) for name in PRECACHE_STATIC]
    offline = reverse("pwa:offline")
    # A new version (new static file names, a new offline page) gets new caches.
    version = hashlib.sha256(json.dumps([urls, offline]).encode()).hexdigest()[:12]
    return {
        "version": version,
        "precache": json.dumps(urls),
        "offline": json.dumps(offline),
        "queue_script": json.dumps(static("runback/queue.js")),
        "static_url": json.dumps(settings.STATIC_URL),
        "today_url": json.dumps(reverse("rehab:today")),
    }


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site's root so that its scope is the whole site."""
    response = render(
        request,
        "pwa/sw.js",
        _service_worker_context(),
        content_type="text/javascript; charset=utf-8",
    )
    # Always checked again: a new version reaches the phones at once.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page that is not kept on the phone."""
    return render(request, "pwa/offline.html")
