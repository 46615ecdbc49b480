"""History, progress and the data download; withdrawing an entry."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from runback.accounts.decorators import runner_access_required, runner_required
from runback.accounts.services_export import export_row, person_export
from runback.rehab import charts, selectors
from runback.rehab.checkin.errors import RecordError, TokenReused
from runback.rehab.fields import new_token
from runback.rehab.history import services
from runback.rehab.history.forms import WithdrawForm
from runback.rehab.history.selectors import CORRECTABLE, history_rows, live_followups_of
from runback.rehab.models import EventType, SessionResult, WeekResult
from runback.rehab.pages import (
    every_session,
    runner_page_state,
)


@runner_access_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Every entry, newest first, with its state (see `history_rows`)."""
    state = runner_page_state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    every = every_session(state)
    rows = history_rows(viewer=state.runner, runner=state.runner, every=every)
    return render(
        request,
        "rehab/history.html",
        {"rows": rows, "output": every},
    )


@runner_access_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    # Stored results only (a constant number of queries): the charted entries as they
    # stand after corrections, every session's zone, every week's minutes.
    entries = selectors.progress_entries_for(viewer=state.runner, runner=state.runner)
    every = every_session(state)
    zones = {s["id"]: s.get("zone", "") for s in every.get("sessions", [])}
    pain_rows = charts.pain_rows(entries, zones)
    strength_rows = charts.strength_rows(entries)
    week_rows = charts.week_rows(every.get("weeks_done"))
    start = charts.isodate_or_none(state.profile.answers.get("start_date"))
    return render(
        request,
        "rehab/progress.html",
        {
            "pain_rows": pain_rows,
            "pain_chart": charts.pain_chart(pain_rows),
            "strength_rows": strength_rows,
            "strength_chart": charts.strength_chart(strength_rows),
            "week_rows": week_rows,
            "weeks_chart": charts.weeks_chart(week_rows),
            "weeks_charted": charts.WEEKS_CHARTED,
            "weeks_not_counted": charts.weeks_not_counted(entries, week_rows, start),
            "start_date": charts.sentence_date(start) if start else "",
            "upcoming": state.output.get("upcoming_weeks", []),
        },
    )


@runner_access_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Everything Runback holds about the runner, as JSON (GDPR art. 15 and 20), in the
    layout of docs/export-format.md. Available with or without current consent."""
    state = runner_page_state(request)
    runner = state.runner
    profile, snapshot = state.profile, state.snapshot
    events = selectors.events_for(viewer=runner, runner=runner).select_related("author")
    health = {
        "intake": export_row(profile, person=runner, omit={"id", "runner"}) if profile else None,
        "events": [
            export_row(event, person=runner, omit={"runner", "client_token"}, by_field="author")
            for event in events.order_by("seq")
        ],
        "current_advice": (
            export_row(snapshot, person=runner, omit={"id", "runner"}) if snapshot else None
        ),
        "week_results": list(
            WeekResult.objects.filter(runner=runner)
            .order_by("week_start")
            .values_list("row", flat=True)
        ),
        "session_results": list(
            SessionResult.objects.filter(runner=runner)
            .order_by("id")
            .values_list("result", flat=True)
        ),
    }
    data = person_export(user=runner, health=health)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'attachment; filename="runback-data.json"'
    return response


@runner_required
@require_http_methods(["GET", "POST"])
def event_withdraw(request: HttpRequest, event_id: str) -> HttpResponse:
    """First a page that says what will happen; the withdrawal on its confirmation.
    Withdrawing twice records one withdrawal."""
    state = runner_page_state(request)
    entry = selectors.entry_get(viewer=state.runner, runner=state.runner, event_id=event_id)
    if entry is None or entry.latest.type not in CORRECTABLE:
        raise Http404
    if entry.withdrawn:
        messages.info(request, _("This entry is already withdrawn."))
        return redirect("rehab:history")
    form = WithdrawForm(request.POST or None, initial={"token": new_token()})
    if request.method == "POST" and form.is_valid():
        try:
            _event, created = services.entry_withdraw(
                runner=state.runner,
                author=state.runner,
                entry_id=entry.root,
                token=form.cleaned_data.get("token") or None,
            )
        except TokenReused:
            messages.warning(
                request,
                _("This confirmation was already used, so nothing more was changed."),
            )
        except RecordError as error:
            messages.error(request, error.message)
        else:
            if created:
                messages.success(
                    request, _("The entry is withdrawn, and your plan is recalculated.")
                )
            else:
                messages.info(request, _("This entry is already withdrawn."))
        return redirect("rehab:history")
    latest = entry.latest
    followups = live_followups_of(entry)
    return render(
        request,
        "rehab/event_withdraw.html",
        {
            "form": form,
            "row": {"event": latest, "followups": []},
            "entry_id": entry.root,
            "is_session": latest.type in {EventType.RUN, EventType.WALK},
            "followups": followups,
        },
    )
