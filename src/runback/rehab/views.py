"""The runner's pages. Thin: check the form, call a service, render the snapshot."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback.accounts.decorators import runner_required
from runback.accounts.models import User
from runback.accounts.selectors import audit_entries_for
from runback.rehab import charts, selectors, services
from runback.rehab.forms import (
    ClearedForm,
    FollowupForm,
    IntakeForm,
    RedFlagForm,
    SessionForm,
    StatusForm,
    StrengthForm,
    StrengthSessionForm,
    new_token,
)
from runback.rehab.models import EventType
from runback.rehab.selectors import RunnerState
from runback.rehab.templatetags.rehab import day

INTAKE_FLAGS_OK = "rehab_intake_no_red_flags"
LAST_PLAN = "rehab_plan_before_checkin"


def _runner(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _state(request: HttpRequest) -> RunnerState:
    user = _runner(request)
    state = selectors.runner_state_get(viewer=user, runner_id=user.pk)
    if state is None:  # runner_required guarantees a visible runner
        raise Http404
    return state


def _language() -> str:
    return "en" if get_language() == "en" else "da"


def _flagged(output: dict[str, Any]) -> bool:
    return bool(output) and output.get("triage", {}).get("level", "none") != "none"


def _fresh_output(state: RunnerState) -> dict[str, Any]:
    """The snapshot's output; recomputed first if it was made on an earlier day."""
    snapshot = state.snapshot
    if snapshot is None or snapshot.as_of < services.today():
        snapshot = services.snapshot_refresh(runner=state.runner)
    return snapshot.output if snapshot else {}


# --- intake --------------------------------------------------------------------------------


@runner_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """Step 1: red flags first. Any yes stops here."""
    state = _state(request)
    if _flagged(state.output):
        return redirect("rehab:today")
    if state.profile and state.profile.intake_completed_at:
        return redirect("rehab:today")
    form = RedFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flags = form.flags()
        if flags:
            services.profile_save(
                runner=state.runner,
                answers={"red_flags": flags},
                completed=False,
                author=state.runner,
            )
            return redirect("rehab:today")
        request.session[INTAKE_FLAGS_OK] = True
        return redirect("rehab:intake_details")
    return render(request, "rehab/intake_red_flags.html", {"form": form, "step": 1})


@runner_required
@require_http_methods(["GET", "POST"])
def intake_details(request: HttpRequest) -> HttpResponse:
    """Step 2: the back, irritability, walking, cadence, strength, start date."""
    state = _state(request)
    if _flagged(state.output):
        return redirect("rehab:today")
    if state.profile and state.profile.intake_completed_at:
        return redirect("rehab:today")
    cleared_since = state.profile is not None  # saved with flags earlier, since cleared
    if not request.session.get(INTAKE_FLAGS_OK) and not cleared_since:
        return redirect("rehab:intake")
    form = IntakeForm(request.POST or None, initial={"start_date": services.today()})
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        if not cleared_since:
            answers["red_flags"] = []
        try:
            services.profile_save(
                runner=state.runner, answers=answers, completed=True, author=state.runner
            )
        except services.RecordError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session.pop(INTAKE_FLAGS_OK, None)
            return redirect("rehab:today")
    return render(request, "rehab/intake_details.html", {"form": form, "step": 2})


# --- today -----------------------------------------------------------------------------------


@runner_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    output = _fresh_output(state)
    if _flagged(output):
        return render(
            request,
            "rehab/stop.html",
            {"triage": output["triage"], "cleared_form": ClearedForm()},
        )
    if state.profile.intake_completed_at is None:
        return redirect("rehab:intake_details")
    language = _language()
    next_run = output.get("next_run")
    strength = output.get("strength") or {}
    week_ago = (services.today() - timedelta(days=7)).isoformat()
    started = str(state.profile.answers.get("start_date", ""))
    last_status = (state.snapshot.meta if state.snapshot else {}).get("last_status")
    status_due = started <= week_ago and (last_status is None or last_status <= week_ago)
    return render(
        request,
        "rehab/today.html",
        {
            "output": output,
            "next_run": next_run,
            "strength": strength,
            "awaiting_followup": selectors.sessions_awaiting_followup(output),
            "status_due": status_due,
            "escalations": selectors.explanation_for(
                output, output.get("escalations", []), language
            ),
            "run_reasons": selectors.explanation_for(
                output, (next_run or {}).get("rules", []), language
            ),
        },
    )


@runner_required
@require_GET
def why(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    output = _fresh_output(state)
    return render(
        request,
        "rehab/why.html",
        {"reasons": selectors.explanation_all(output, _language()), "output": output},
    )


# --- red flags at any time ---------------------------------------------------------------------


@runner_required
@require_http_methods(["GET", "POST"])
def symptoms(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    form = RedFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flags = form.flags()
        if flags:
            services.event_record(
                runner=state.runner,
                author=state.runner,
                payload={"type": "red_flag", "date": services.today().isoformat(), "flags": flags},
            )
        else:
            messages.success(
                request, _("Good. None of these is a warning sign. Keep to your plan.")
            )
        return redirect("rehab:today")
    return render(request, "rehab/symptoms.html", {"form": form})


@runner_required
@require_POST
def cleared(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    form = ClearedForm(request.POST)
    output = state.output
    if not _flagged(output):
        return redirect("rehab:today")
    if not form.is_valid():
        return render(
            request,
            "rehab/stop.html",
            {"triage": output["triage"], "cleared_form": form},
            status=200,
        )
    services.event_record(
        runner=state.runner,
        author=state.runner,
        payload={"type": "cleared", "date": services.today().isoformat(), "by": "doctor"},
    )
    messages.success(request, _("Thank you. Your plan continues from where you left it."))
    return redirect("rehab:today")


# --- check-ins ---------------------------------------------------------------------------------


def _record_from_form(
    request: HttpRequest, state: RunnerState, form: Any, payload: dict[str, Any]
) -> str | None:
    """Record the form's event; on a refusal put the error on the form and return None."""
    before = (state.output.get("next_run") or {}).get("description")
    try:
        event, _snapshot = services.event_record(
            runner=state.runner,
            author=state.runner,
            payload=payload,
            token=form.cleaned_data.get("token") or None,
        )
    except services.RecordError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    request.session[LAST_PLAN] = {"event": event.event_id, "next_run": before}
    return event.event_id


def _session_choices(output: dict[str, Any]) -> list[tuple[str, str]]:
    choices = []
    for session in reversed(output.get("sessions", [])):
        kind = _("Walk") if session.get("type") == "walk" else _("Run")
        choices.append((session["id"], f"{kind} {day(session['date'])}"))
    return choices


def _checkin_guard(state: RunnerState) -> HttpResponse | None:
    if state.profile is None or state.profile.intake_completed_at is None:
        return redirect("rehab:intake")
    if _flagged(state.output):
        return redirect("rehab:today")
    return None


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_session(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if (response := _checkin_guard(state)) is not None:
        return response
    next_run = state.output.get("next_run") or {}
    initial = {
        "type": "walk" if next_run.get("phase") == "walk" else "run",
        "date": services.today(),
        "token": new_token(),
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        event_id = _record_from_form(request, state, form, form.payload())
        if event_id:
            return redirect("rehab:checkin_result", event_id=event_id)
    return render(request, "rehab/checkin_session.html", {"form": form, "next_run": next_run})


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_followup(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if (response := _checkin_guard(state)) is not None:
        return response
    choices = _session_choices(state.output)
    waiting = selectors.sessions_awaiting_followup(state.output)
    wanted = request.GET.get("session") or (waiting[0]["id"] if waiting else None)
    initial = {"session": wanted, "date": services.today(), "token": new_token()}
    form = FollowupForm(request.POST or None, initial=initial, sessions=choices)
    if request.method == "POST" and form.is_valid():
        event_id = _record_from_form(request, state, form, form.payload())
        if event_id:
            return redirect("rehab:checkin_result", event_id=event_id)
    return render(
        request, "rehab/checkin_followup.html", {"form": form, "has_sessions": bool(choices)}
    )


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_strength(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if (response := _checkin_guard(state)) is not None:
        return response
    planned = {e["id"]: e for e in (state.output.get("strength") or {}).get("exercises", [])}
    wanted = request.GET.get("exercise")
    exercise = planned.get(wanted or "") or next(iter(planned.values()), None)
    initial: dict[str, Any] = {"date": services.today(), "token": new_token()}
    if exercise:
        initial |= {
            "exercise": exercise["id"],
            "sets_planned": exercise["sets"],
            "sets_done": exercise["sets"],
            "load_kg": exercise.get("load_kg"),
        }
    form = StrengthForm(request.POST or None, initial=initial, language=_language())
    if request.method == "POST" and form.is_valid():
        event_id = _record_from_form(request, state, form, form.payload())
        if event_id:
            return redirect("rehab:checkin_result", event_id=event_id)
    return render(request, "rehab/checkin_strength.html", {"form": form, "planned": planned})


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_strength_session(request: HttpRequest) -> HttpResponse:
    """Today's whole strength session in one form."""
    state = _state(request)
    if (response := _checkin_guard(state)) is not None:
        return response
    planned = (state.output.get("strength") or {}).get("exercises", [])
    if not planned:
        return redirect("rehab:checkin_strength")
    form = StrengthSessionForm(
        request.POST or None,
        initial={"date": services.today(), "token": new_token()},
        exercises=planned,
        language=_language(),
    )
    if request.method == "POST" and form.is_valid():
        before = (state.output.get("next_run") or {}).get("description")
        try:
            events, _snapshot = services.events_record(
                runner=state.runner,
                author=state.runner,
                payloads=form.payloads(),
                token=form.cleaned_data.get("token") or None,
            )
        except services.RecordError as error:
            field = form.field_for(error.index, error.field) if error.index is not None else None
            form.add_error(field, error.message)
        else:
            request.session[LAST_PLAN] = {"event": events[0].event_id, "next_run": before}
            messages.success(request, _("Your strength training is saved."))
            return redirect("rehab:today")
    return render(request, "rehab/checkin_strength_session.html", {"form": form})


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_status(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if (response := _checkin_guard(state)) is not None:
        return response
    form = StatusForm(
        request.POST or None, initial={"date": services.today(), "token": new_token()}
    )
    if request.method == "POST" and form.is_valid():
        event_id = _record_from_form(request, state, form, form.payload())
        if event_id:
            return redirect("rehab:checkin_result", event_id=event_id)
    return render(request, "rehab/checkin_status.html", {"form": form})


@runner_required
@require_GET
def checkin_result(request: HttpRequest, event_id: str) -> HttpResponse:
    state = _state(request)
    event = selectors.event_get(viewer=state.runner, runner=state.runner, event_id=event_id)
    if event is None:
        raise Http404
    output = state.output
    sessions = selectors.sessions_by_id(output)
    session_id = event.payload.get("session") if event.type == EventType.FOLLOWUP else event_id
    session = sessions.get(str(session_id))
    last = request.session.get(LAST_PLAN) or {}
    before = last.get("next_run") if last.get("event") == event_id else None
    next_run = output.get("next_run")
    language = _language()
    return render(
        request,
        "rehab/checkin_result.html",
        {
            "event": event,
            "session": session,
            "session_reasons": selectors.explanation_for(
                output, (session or {}).get("rules", []), language
            ),
            "next_run": next_run,
            "before": before,
            "changed": before is not None and before != (next_run or {}).get("description"),
            "flagged": _flagged(output),
        },
    )


# --- history, corrections -------------------------------------------------------------------------

HISTORY_LIMIT = 200


@runner_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    events = list(selectors.events_for(viewer=state.runner, runner=state.runner)[:HISTORY_LIMIT])
    withdrawn = {e.payload.get("target") for e in events if e.type == EventType.WITHDRAW}
    corrected = {e.payload.get("replaces") for e in events if e.payload.get("replaces")}
    sessions = selectors.sessions_by_id(state.output)
    rows: list[dict[str, Any]] = []
    latest_seen: set[str] = set()
    for event in events:
        event_id = event.event_id
        superseded = event_id in latest_seen  # a later correction carries the same id
        latest_seen.add(event_id)
        rows.append(
            {
                "event": event,
                "zone": sessions.get(event_id, {}).get("zone") if not superseded else None,
                "withdrawn": event_id in withdrawn,
                "superseded": superseded,
                "correctable": event.type in CORRECTABLE
                and event_id not in withdrawn
                and not superseded,
                "corrected": event_id in corrected and not superseded,
                "followups": [],
            }
        )
    return render(
        request, "rehab/history.html", {"rows": _nest_followups(rows), "output": state.output}
    )


def _nest_followups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Show each next-morning answer under its session; withdrawals show on their target."""
    sessions = {
        row["event"].event_id: row
        for row in rows
        if row["event"].type in {EventType.RUN, EventType.WALK} and not row["superseded"]
    }
    top = []
    for row in rows:
        event = row["event"]
        if event.type == EventType.WITHDRAW:
            continue
        parent = (
            sessions.get(str(event.payload.get("session"))) if event.type == "followup" else None
        )
        if parent is not None:
            parent["followups"].append(row)
        else:
            top.append(row)
    return top


@runner_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    payloads = charts.effective_payloads(
        selectors.payloads_oldest_first(viewer=state.runner, runner=state.runner)
    )
    zones = {s["id"]: s.get("zone", "") for s in state.output.get("sessions", [])}
    pain_rows = charts.pain_rows(payloads, zones)
    strength_rows = charts.strength_rows(payloads)
    week_rows = charts.week_rows(state.output.get("weeks_done"))  # absent in older snapshots
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
            "weeks_not_counted": charts.weeks_not_counted(payloads, week_rows, start),
            "start_date": charts.sentence_date(start) if start else "",
            "upcoming": state.output.get("upcoming_weeks", []),
        },
    )


@runner_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Everything Runback stores about the runner, as JSON (GDPR art. 20)."""
    state = _state(request)
    runner = state.runner
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": runner.email,
            "name": runner.name,
            "language": runner.language,
            "date_joined": runner.date_joined.isoformat(),
        },
        "consents": [
            {
                "version": c.version,
                "text": c.text,
                "language": c.language,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in runner.consents.all()
        ],
        "intake": state.profile.answers if state.profile else None,
        "events": selectors.payloads_oldest_first(viewer=runner, runner=runner),
        "current_advice": state.output or None,
        "audit_log": [
            {"at": e.created_at.isoformat(), "action": e.action, "data": e.data}
            for e in audit_entries_for(viewer=runner, subject=runner)
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'attachment; filename="runback-data.json"'
    return response


CORRECTABLE = {
    EventType.RUN,
    EventType.WALK,
    EventType.FOLLOWUP,
    EventType.STRENGTH,
    EventType.STATUS,
}


@runner_required
@require_POST
def event_withdraw(request: HttpRequest, event_id: str) -> HttpResponse:
    state = _state(request)
    event = selectors.event_get(viewer=state.runner, runner=state.runner, event_id=event_id)
    if event is None or event.type not in CORRECTABLE:
        raise Http404
    try:
        services.event_record(
            runner=state.runner,
            author=state.runner,
            payload={"type": "withdraw", "date": services.today().isoformat(), "target": event_id},
            token=f"withdraw-{event_id}",
        )
    except services.RecordError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The entry is withdrawn, and your plan is recalculated."))
    return redirect("rehab:history")


def _initial_from_payload(payload: dict[str, Any]) -> dict[str, Any]:
    initial = {k: v for k, v in payload.items() if k not in {"id", "replaces"}}
    if payload.get("type") == "walk" and "minutes" in payload:
        initial["walk_min"] = payload["minutes"]
    initial["token"] = new_token()
    return initial


@runner_required
@require_http_methods(["GET", "POST"])
def event_correct(request: HttpRequest, event_id: str) -> HttpResponse:
    state = _state(request)
    event = selectors.event_get(viewer=state.runner, runner=state.runner, event_id=event_id)
    if event is None or event.type not in CORRECTABLE:
        raise Http404
    initial = _initial_from_payload(event.payload)
    data = request.POST or None
    form: Any
    if event.type in {EventType.RUN, EventType.WALK}:
        form = SessionForm(data, initial=initial)
        template = "rehab/checkin_session.html"
    elif event.type == EventType.FOLLOWUP:
        form = FollowupForm(data, initial=initial, sessions=_session_choices(state.output))
        template = "rehab/checkin_followup.html"
    elif event.type == EventType.STRENGTH:
        form = StrengthForm(data, initial=initial, language=_language())
        template = "rehab/checkin_strength.html"
    else:
        form = StatusForm(data, initial=initial)
        template = "rehab/checkin_status.html"
    if request.method == "POST" and form.is_valid():
        payload = {**form.payload(), "replaces": event_id}
        if _record_from_form(request, state, form, payload):
            messages.success(request, _("The entry is corrected, and your plan is recalculated."))
            return redirect("rehab:checkin_result", event_id=event_id)
    return render(
        request,
        template,
        {"form": form, "correcting": event, "has_sessions": True, "next_run": None, "planned": {}},
    )
