"""Clinic pages: the dashboard, a runner's record, the actions on it, invitations and the
audit export; and the runner's side of sharing (join by code, add the watch activities,
withdraw). Thin: a form, a service or a selector, a template. Every view of a record by
staff is audited."""

from __future__ import annotations

import csv
from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback import engine
from runback.accounts.decorators import (
    clinic_admin_required,
    clinic_staff_required,
    runner_access_required,
    runner_required,
)
from runback.accounts.models import User
from runback.accounts.network import client_ip_address
from runback.activities import selectors as activity_selectors
from runback.clinic import selectors, services
from runback.clinic.forms import (
    AcknowledgeForm,
    ClearForm,
    CodeForm,
    InvitationForm,
    JoinForm,
    NoteForm,
    PlanSettingsForm,
    ShareExtendForm,
)
from runback.clinic.models import URGENCY_QUIET, Invitation, Share
from runback.clinic.sharing import share_paragraphs
from runback.common.clock import today
from runback.common.dates import date_in_words
from runback.common.http import no_store
from runback.engine.history import effective_payloads
from runback.rehab import charts
from runback.rehab import selectors as rehab_selectors
from runback.rehab.checkin.errors import NoProfile, RecordError

PAGE_SIZE = 50
TIMELINE_LIMIT = 400


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _language() -> str:
    return "en" if get_language() == "en" else "da"


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
    alert = services.alert_acknowledge(
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
        alert = services.quiet_acknowledge(
            author=_staff(request), runner_id=runner_id, note=form.cleaned_data["note"]
        )
    except services.NotAllowed:
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


# --- a runner's record --------------------------------------------------------------------------


def _record_state(request: HttpRequest, runner_id: int) -> rehab_selectors.RunnerState:
    state = rehab_selectors.runner_state_get(viewer=_staff(request), runner_id=runner_id)
    if state is None:
        raise Http404
    return state


@no_store
@clinic_staff_required
@require_GET
def record(request: HttpRequest, runner_id: int) -> HttpResponse:
    staff = _staff(request)
    state = _record_state(request, runner_id)
    runner = state.runner
    # One audit entry for the whole page: the watch activities and settings included.
    services.record_view_log(author=staff, runner=runner, what="viewed")
    every = rehab_selectors.output_with_every_session(runner=runner, output=state.output)
    events = list(
        rehab_selectors.events_for(viewer=staff, runner=runner).select_related("author")[
            :TIMELINE_LIMIT
        ]
    )
    payloads = effective_payloads(
        rehab_selectors.payloads_oldest_first(viewer=staff, runner=runner)
    )
    sessions = rehab_selectors.sessions_by_id(every)
    zones = {sid: s.get("zone", "") for sid, s in sessions.items()}
    pain_rows = charts.pain_rows(payloads, zones)
    week_rows = charts.week_rows(every.get("weeks_done"))
    extras = selectors.record_extras(viewer=staff, runner=runner)
    activities_shared = selectors.activities_shared(viewer=staff, runner=runner)
    activities = (
        activity_selectors.activities_for_record(
            viewer=staff,
            runner=runner,
            output=state.output,
            sessions=sessions,
            today=today(),
        )
        if activities_shared
        else []
    )
    return render(
        request,
        "clinic/record.html",
        {
            "runner": runner,
            "output": state.output,
            "settings_now": selectors.settings_in_force(
                viewer=staff, runner=runner, snapshot=state.snapshot
            ),
            "activities": activities,
            "activities_shared": activities_shared,
            "cadence_band": activity_selectors.cadence_band(state.output),
            "timeline": [{"event": e, "session": sessions.get(e.event_id)} for e in events],
            "explanation": rehab_selectors.explanation_all(state.output, _language()),
            "pain_chart": charts.pain_chart(pain_rows),
            "pain_rows": pain_rows,
            "weeks_chart": charts.weeks_chart(week_rows),
            "week_rows": week_rows,
            "extras": extras,
            # the events the clinic's own decisions made: their author is named
            "own_events": {d.event_id for d in extras.decisions},
            "open_alerts": [a for a in extras.alerts if a.is_open],
            "note_form": NoteForm(),
            "clear_form": _clear_form(None, state.output),
            "ack_form": AcknowledgeForm(),
            "flagged": bool(_open_flags(state.output)),
        },
    )


@clinic_staff_required
@require_POST
def note_add(request: HttpRequest, runner_id: int) -> HttpResponse:
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the note first."))
    else:
        try:
            services.note_add(
                author=_staff(request), runner_id=runner_id, text=form.cleaned_data["text"]
            )
        except services.NotAllowed:
            raise Http404 from None
        messages.success(request, _("Your note is saved."))
    return redirect("clinic:record", runner_id=runner_id)


def _open_flags(output: dict[str, Any]) -> list[str]:
    """Every open flag (pausing ones first, then advise ones), as the engine reports them."""
    triage = output.get("triage") or {}
    flags = [*triage.get("open_flags", []), *triage.get("advise_flags", [])]
    return list(dict.fromkeys(flags))


def _clear_form(data: Any, output: dict[str, Any]) -> ClearForm:
    return ClearForm(data, open_flags=_open_flags(output), language=_language())


@clinic_staff_required
@require_POST
def flag_clear(request: HttpRequest, runner_id: int) -> HttpResponse:
    form = _clear_form(request.POST, _record_state(request, runner_id).output)
    if not form.is_valid():
        if "reason" in form.errors:
            messages.error(request, _("Write why the runner may train again."))
        if "flags" in form.errors:
            messages.error(request, _("Tick the flags your assessment clears."))
        return redirect("clinic:record", runner_id=runner_id)
    try:
        services.flag_clear(
            author=_staff(request),
            runner_id=runner_id,
            reason=form.cleaned_data["reason"],
            flags=form.cleaned_data["flags"],
        )
    except services.NotAllowed:
        raise Http404 from None
    except (RecordError, NoProfile):
        messages.error(request, _("The clearance could not be recorded."))
        return redirect("clinic:record", runner_id=runner_id)
    messages.success(request, _("The clearance is recorded. The runner can see it and why."))
    return redirect("clinic:record", runner_id=runner_id)


def _current_settings(state: rehab_selectors.RunnerState) -> dict[str, Any]:
    snapshot = state.snapshot
    if snapshot is None or snapshot.state is None:
        return asdict(engine.ClinicSettings())
    try:
        return asdict(engine.state_from_json(snapshot.state).settings)
    except engine.StateVersionError:
        return asdict(engine.ClinicSettings())


@no_store
@clinic_staff_required
@require_http_methods(["GET", "POST"])
def plan_settings(request: HttpRequest, runner_id: int) -> HttpResponse:
    staff = _staff(request)
    state = _record_state(request, runner_id)
    if state.profile is None:
        messages.error(request, _("The runner has not answered the first questions yet."))
        return redirect("clinic:record", runner_id=runner_id)
    if request.method == "GET":
        services.record_view_log(author=staff, runner=state.runner, what="settings_viewed")
    form = PlanSettingsForm(
        request.POST or None, current=_current_settings(state), language=_language()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_settings_change(
                author=staff,
                runner_id=runner_id,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
            )
        except RecordError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The plan settings are changed. The runner can see why."))
            return redirect("clinic:record", runner_id=runner_id)
    return render(request, "clinic/plan_settings.html", {"runner": state.runner, "form": form})


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


# --- the runner's side --------------------------------------------------------------------------


@no_store
@runner_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Enter (or follow a link with) a clinic's code, read what sharing means, agree.

    A code that is unknown, used or expired is answered at the field; such tries are
    counted (`services.invitation_try_failed`), and over the hourly limit no code is looked
    up at all (429, at the field)."""
    runner = _staff(request)
    client = client_ip_address(request)
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()[:32]
    allowed = not code or services.invitation_tries_left(runner=runner, client_address=client)
    invitation = services.invitation_find(code=code) if code and allowed else None
    form: JoinForm | CodeForm
    if request.method == "POST":
        form = JoinForm(request.POST)
    elif code and invitation is None:
        form = CodeForm({"code": code})  # bound, so the answer can be given at the field
    else:
        form = JoinForm(initial={"code": code})
    if not allowed:
        form.add_error("code", _("Too many codes were tried. Please wait an hour and try again."))
    elif request.method == "POST" and isinstance(form, JoinForm) and form.is_valid():
        try:
            share = services.share_accept(
                runner=runner, code=form.cleaned_data["code"], language=_language()
            )
        except services.ShareError:
            services.invitation_try_failed(runner=runner, client_address=client)
            form.add_error("code", _("This code is not valid. Ask the clinic for a new one."))
        else:
            messages.success(
                request, _("You now share your record with %(clinic)s.") % {"clinic": share.clinic}
            )
            return redirect("accounts:account")
    elif code and invitation is None and not form.errors:
        services.invitation_try_failed(runner=runner, client_address=client)
        form.add_error("code", _("This code is not valid. Ask the clinic for a new one."))
    return render(
        request,
        "clinic/join.html",
        {
            "form": form,
            "invitation": invitation,
            "paragraphs": share_paragraphs(clinic_name=invitation.clinic.name)
            if invitation
            else [],
        },
        status=429 if not allowed else 200,
    )


@runner_access_required
@require_POST
def share_withdraw(request: HttpRequest, share_id: int) -> HttpResponse:
    if services.share_withdraw(runner=_staff(request), share_id=share_id):
        messages.success(request, _("The clinic can no longer see your record."))
    return redirect("accounts:account")


@no_store
@runner_required
@require_http_methods(["GET", "POST"])
def share_extend(request: HttpRequest, share_id: int) -> HttpResponse:
    """A share given under words that did not name the watch activities: the runner reads
    today's words and agrees to them (the clinic's access goes on without a break)."""
    runner = _staff(request)
    share = selectors.share_of(runner=runner, share_id=share_id)
    if share is None:
        raise Http404
    if share.withdrawn_at is not None or share.includes_activities:
        messages.info(request, _nothing_to_extend(runner, share))
        return redirect("accounts:account")
    form = ShareExtendForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        extended = services.share_extend(runner=runner, share_id=share.pk, language=_language())
        if extended is None:  # ended or extended meanwhile (another tab)
            messages.info(request, _nothing_to_extend(runner, share))
        else:
            messages.success(
                request,
                _("%(clinic)s can now also see the activities you import from a watch.")
                % {"clinic": share.clinic},
            )
        return redirect("accounts:account")
    return render(
        request,
        "clinic/share_extend.html",
        {
            "form": form,
            "share": share,
            "since": date_in_words(timezone.localdate(share.given_at)),
            "paragraphs": share_paragraphs(clinic_name=share.clinic.name),
        },
    )


def _nothing_to_extend(runner: User, share: Share) -> str:
    if selectors.shares_activities_with(runner=runner, clinic_id=share.clinic_id):
        return _("%(clinic)s already sees the activities you import from a watch.") % {
            "clinic": share.clinic
        }
    return _(
        "You no longer share your record with %(clinic)s, so there is nothing to add. To "
        "share again, you need a new code from the clinic."
    ) % {"clinic": share.clinic}
