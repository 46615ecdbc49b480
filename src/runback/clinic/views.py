"""Clinic pages, clinic-wide: the dashboard and the actions on it, invitations and the
audit export. A runner's record is in views_record.py, the runner's side of sharing in
views_runner.py. Thin: a form, a service or a selector, a template."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback.accounts.decorators import clinic_admin_required, clinic_staff_required
from runback.accounts.models import User
from runback.clinic import selectors, services, services_alerts
from runback.clinic.errors import NotAllowed
from runback.clinic.forms import AcknowledgeForm, InvitationForm
from runback.clinic.models import URGENCY_QUIET, Invitation
from runback.common.http import no_store

PAGE_SIZE = 50


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- the dashboard ------------------------------------------------------------------------------


@no_store
@clinic_staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    staff = _staff(request)
    search = request.GET.get("q", "")[:100]
    show = request.GET.get("show", "all")
    if show not in selectors.FILTERS:
        show = "all"
    runners = selectors.dashboard_runners(viewer=staff, search=search, show=show)
    page = Paginator(runners, PAGE_SIZE).get_page(request.GET.get("page"))
    alerts = selectors.alerts_by_runner(viewer=staff, runner_ids=[r.pk for r in page])
    now = timezone.now()
    rows = [
        {
            "runner": runner,
            "summary": getattr(runner, "clinic_summary", None),
            "alerts": alerts.get(runner.pk, []),
            "days": _days_since(getattr(runner, "clinic_summary", None), now),
        }
        for runner in page
    ]
    return render(
        request,
        "clinic/dashboard.html",
        {
            "page": page,
            "rows": rows,
            "search": search,
            "show": show,
            "filters": _filter_labels(),
            "quiet_since": selectors.quiet_since(),
            "quiet_level": URGENCY_QUIET,
        },
    )


def _days_since(summary: Any, now: Any) -> int | None:
    if summary is None or summary.last_checkin_at is None:
        return None
    return int((now - summary.last_checkin_at).total_seconds() // 86400)


def _filter_labels() -> list[tuple[str, str]]:
    return [
        ("all", _("All runners")),
        ("alerts", _("With open alerts")),
        ("flags", _("Red flags")),
        ("quiet", _("No recent check-in")),
    ]


@clinic_staff_required
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a short note on what you did."))
        return redirect(_back(request))
    alert = services_alerts.alert_acknowledge(
        alert_id=alert_id, author=_staff(request), note=form.cleaned_data["note"]
    )
    if alert is None:
        raise Http404
    messages.success(request, _("The alert is marked as handled."))
    return redirect(_back(request, reverse("clinic:record", args=[alert.runner_id])))


@clinic_staff_required
@require_POST
def quiet_acknowledge(request: HttpRequest, runner_id: int) -> HttpResponse:
    """The overview's "no recent check-in" line, marked as handled with a note."""
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a short note on what you did."))
        return redirect(_back(request))
    try:
        alert = services_alerts.quiet_acknowledge(
            author=_staff(request), runner_id=runner_id, note=form.cleaned_data["note"]
        )
    except NotAllowed:
        raise Http404 from None
    if alert is None:
        messages.info(request, _("The runner has checked in since. There is nothing to mark."))
    else:
        messages.success(request, _("The missing check-in is marked as handled."))
    return redirect(_back(request))


def _back(request: HttpRequest, default: str = "") -> str:
    target = request.POST.get("next", "")
    if target.startswith("/clinic/") and "//" not in target:
        return target
    return default or reverse("clinic:dashboard")


# --- invitations and the audit export -----------------------------------------------------------


@no_store
@clinic_staff_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    staff = _staff(request)
    form = InvitationForm(request.POST or None)
    created: Invitation | None = None
    if request.method == "POST" and form.is_valid():
        assert staff.clinic is not None
        created = services.invitation_create(
            clinic=staff.clinic, author=staff, label=form.cleaned_data["label"]
        )
        form = InvitationForm()
    link = ""
    if created is not None:
        link = request.build_absolute_uri(reverse("clinic:join") + f"?code={created.code}")
    return render(
        request,
        "clinic/invitations.html",
        {
            "form": form,
            "created": created,
            "link": link,
            "invitations": selectors.invitations_of(viewer=staff),
            "now": timezone.now(),
        },
    )


@clinic_admin_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="runback-audit.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["when", "who", "role", "action", "runner"])
    for entry in selectors.audit_for_clinic(viewer=_staff(request)).iterator():
        writer.writerow(
            [
                csv_cell(entry.created_at.isoformat()),
                csv_cell(entry.actor.email if entry.actor else ""),
                csv_cell(entry.actor.role if entry.actor else ""),
                csv_cell(entry.action),
                csv_cell(entry.subject.email),
            ]
        )
    return response


# A cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV
# injection"): such a cell gets a leading apostrophe, so it is shown as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
