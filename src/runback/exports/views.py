"""Downloads of the plan: the next session and the coming ones for the watch (FIT), the
calendar feed (iCal) and the plan on paper (PDF). Thin: read the plan, hand it to a writer."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from runback.accounts.decorators import runner_required
from runback.accounts.models import User
from runback.common.clock import today
from runback.exports import selectors, services
from runback.exports.calendar import calendar_ics
from runback.exports.fit import session_filename, session_fit, sessions_zip, workout_fit


def _runner(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _language() -> str:
    return "en" if get_language() == "en" else "da"


def _plan(viewer: User, runner_id: int) -> tuple[User, dict[str, Any]]:
    found = selectors.plan_for(viewer=viewer, runner_id=runner_id)
    if found is None:
        raise Http404
    state, output = found
    return state.runner, output


@runner_required
@require_GET
def workout(request: HttpRequest) -> HttpResponse:
    """The next session as a FIT workout file for a sports watch."""
    _runner_found, output = _plan(_runner(request), _runner(request).pk)
    next_run = output.get("next_run") or {}
    data = workout_fit(
        next_run=next_run,
        language=_language(),
        name="Runback",
        created=timezone.now(),
    )
    if data is None:
        raise Http404("No session is planned.")
    response = HttpResponse(data, content_type="application/vnd.ant.fit")
    day = next_run.get("earliest_date") or today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="runback-{day}.fit"'
    return response


@runner_required
@require_GET
def watch(request: HttpRequest) -> HttpResponse:
    """The coming sessions for the watch: one FIT file each, or all of them in a zip."""
    _runner_found, output = _plan(_runner(request), _runner(request).pk)
    sessions = [
        {**session, "filename": session_filename(session)}
        for session in selectors.sessions_planned(output)
    ]
    return render(request, "exports/watch.html", {"sessions": sessions})


def _fit_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@runner_required
@require_GET
def session_workout(request: HttpRequest, day: str) -> HttpResponse:
    """The coming session on `day` as a FIT workout file."""
    _runner_found, output = _plan(_runner(request), _runner(request).pk)
    session = next((s for s in selectors.sessions_planned(output) if s["date"] == day), None)
    if session is None:
        raise Http404("No session is planned on that day.")
    data = session_fit(session=session, language=_language(), created=timezone.now())
    if data is None:
        raise Http404("No session is planned on that day.")
    return _fit_response(data, session_filename(session), "application/vnd.ant.fit")


@runner_required
@require_GET
def session_workouts_zip(request: HttpRequest) -> HttpResponse:
    """Every coming session's FIT file in one zip."""
    _runner_found, output = _plan(_runner(request), _runner(request).pk)
    sessions = selectors.sessions_planned(output)
    if not sessions:
        raise Http404("No session is planned.")
    data = sessions_zip(sessions=sessions, language=_language(), created=timezone.now())
    return _fit_response(data, f"runback-{sessions[0]['date']}.zip", "application/zip")


@runner_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """The private calendar URL, and a button that makes a new one."""
    runner = _runner(request)
    if request.method == "POST":
        services.feed_reset(runner=runner)
        return redirect("exports:calendar")
    feed = services.feed_get_or_create(runner=runner)
    path = reverse("exports:calendar_feed", args=[feed.key, feed.secret])
    url = request.build_absolute_uri(path)
    return render(
        request,
        "exports/calendar.html",
        {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]},
    )


@require_GET
def calendar_feed(request: HttpRequest, key: str, secret: str) -> HttpResponse:
    """The feed itself: no login (calendar apps cannot log in), only the secret URL."""
    feed = selectors.feed_by_token(key=key, secret=secret)
    if feed is None:
        raise Http404
    _runner_found, output = _plan(feed.runner, feed.runner.pk)
    data = calendar_ics(
        output=output, seed=feed.uid_seed, language=feed.runner.language, stamp=timezone.now()
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="runback.ics"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@runner_required
@require_GET
def plan_print(request: HttpRequest) -> HttpResponse:
    _runner_found, output = _plan(_runner(request), _runner(request).pk)
    sheet = selectors.plan_sheet(output, _language())
    return render(request, "exports/plan_print.html", {"sheet": sheet})


def _pdf_response(runner: User, output: dict[str, Any]) -> HttpResponse:
    # WeasyPrint takes about a second to import (fonts, default styles): only when a PDF
    # is asked for, not in every process that loads the URLs.
    from runback.exports.pdf import pdf_from_html

    language = "en" if runner.language == "en" else "da"
    with translation.override(language):
        html = render_to_string(
            "exports/plan_pdf.html",
            {
                "sheet": selectors.plan_sheet(output, language),
                "runner_name": runner.name or runner.email,
                "printed": today(),
            },
        )
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="runback-plan-{today()}.pdf"'
    return response


@runner_required
@require_GET
def plan_pdf(request: HttpRequest) -> HttpResponse:
    """The runner's plan and exercise sheet as an A4 PDF, in the runner's language."""
    runner, output = _plan(_runner(request), _runner(request).pk)
    return _pdf_response(runner, output)


@login_required
@require_GET
def runner_plan_pdf(request: HttpRequest, runner_id: int) -> HttpResponse:
    """The same PDF for a clinician who may see the runner (to print it for them). Who
    printed a runner's plan is on the runner's record (their account page shows it)."""
    viewer = _runner(request)
    runner, output = _plan(viewer, runner_id)
    response = _pdf_response(runner, output)
    if viewer.pk != runner.pk:
        runner.log_action("exports.plan_pdf.printed", actor=viewer)
    return response
