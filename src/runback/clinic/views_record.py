"""Clinic pages: a runner's record and the actions on it (a note, clearing a flag, the
plan settings). Thin: a form, a service or a selector, a template. Every view of a
record by staff is audited."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback import engine
from runback.accounts.decorators import clinic_staff_required
from runback.accounts.models import User
from runback.activities import selectors as activity_selectors
from runback.clinic import selectors, services_record
from runback.clinic.errors import NotAllowed
from runback.clinic.forms import AcknowledgeForm, ClearForm, NoteForm, PlanSettingsForm
from runback.common.clock import today
from runback.common.http import no_store
from runback.engine.history import effective_payloads
from runback.rehab import charts
from runback.rehab import selectors as rehab_selectors
from runback.rehab.checkin.errors import NoProfile, RecordError

TIMELINE_LIMIT = 400


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _language() -> str:
    return "en" if get_language() == "en" else "da"


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
    services_record.record_view_log(author=staff, runner=runner, what="viewed")
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
            services_record.note_add(
                author=_staff(request), runner_id=runner_id, text=form.cleaned_data["text"]
            )
        except NotAllowed:
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
        services_record.flag_clear(
            author=_staff(request),
            runner_id=runner_id,
            reason=form.cleaned_data["reason"],
            flags=form.cleaned_data["flags"],
        )
    except NotAllowed:
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
        services_record.record_view_log(author=staff, runner=state.runner, what="settings_viewed")
    form = PlanSettingsForm(
        request.POST or None, current=_current_settings(state), language=_language()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_record.plan_settings_change(
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
