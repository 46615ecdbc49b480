"""The check-in pages: a run or walk, the next morning, strength, the weekly status, and
the page after a check-in."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from runback.accounts.decorators import runner_required
from runback.accounts.models import User
from runback.common import clock
from runback.common.dates import day
from runback.rehab import selectors
from runback.rehab.checkin import recording
from runback.rehab.checkin.entries import any_session, entry_around, entry_session
from runback.rehab.checkin.errors import RecordError
from runback.rehab.checkin.forms import (
    FollowupForm,
    SessionForm,
    StatusForm,
    session_prefill,
    status_initial,
)
from runback.rehab.checkin.page import KEPT, CheckinPage, kept_message
from runback.rehab.checkin.snapshots import plan_before
from runback.rehab.checkin.strength_forms import StrengthForm, StrengthSessionForm, is_loaded
from runback.rehab.fields import new_token
from runback.rehab.models import Event, EventType
from runback.rehab.pages import (
    checkin_guard,
    page_language,
    runner_page_state,
    runner_state_required,
)
from runback.rehab.red_flags import RedFlagForm
from runback.rehab.selectors import RunnerState, plan_paused
from runback.rehab.signals import session_logged_from_activity


def _followup_choices(output: dict[str, Any]) -> tuple[list[tuple[str, str]], str | None]:
    """The sessions whose next-morning answer still counts (the engine's `followups`,
    ZONE-2 and ZONE-LATE: the clinic's window), newest first and those still waiting for
    their answer first, and the first one an answer dated today would settle (today's
    stay listed, so a stale form is refused)."""
    recent = list(reversed(output["followups"]))
    recent.sort(key=lambda f: f["zone"] != "provisional")  # stable: newest first within
    choices = [
        (f["session"], f"{_('Walk') if f['type'] == 'walk' else _('Run')} {day(f['date'])}")
        for f in recent
    ]
    waiting = [f["session"] for f in recent if f["waiting"]]
    return choices, waiting[0] if waiting else None


@runner_state_required
@require_http_methods(["GET", "POST"])
def checkin_session(
    request: HttpRequest, state: RunnerState, activity: int | None = None
) -> HttpResponse:
    """A run or a walk; `activity`: logged from an imported activity's link."""
    if (response := checkin_guard(state)) is not None:
        return response
    next_run = state.output.get("next_run") or {}
    initial = {
        "type": "walk" if next_run.get("phase") == "walk" else "run",
        "date": clock.today(),
        "token": new_token(),
    } | session_prefill(request.GET)
    if activity is not None:
        initial["activity"] = activity
    form = SessionForm(request.POST or None, initial=initial)
    return SessionPage(
        request, state, form, "rehab/checkin_session.html", next_run=next_run
    ).response()


class SessionPage(CheckinPage):
    """A run or a walk; one logged from an imported activity is linked to it."""

    def saved(self, events: list[Any], snapshot: Any) -> HttpResponse:
        activity = self.form.cleaned_data.get("activity")
        if activity:
            session_logged_from_activity.send(
                sender=Event, runner=self.state.runner, event=events[0], activity=activity
            )
        return super().saved(events, snapshot)


@runner_state_required
@require_http_methods(["GET", "POST"])
def checkin_followup(request: HttpRequest, state: RunnerState) -> HttpResponse:
    if (response := checkin_guard(state)) is not None:
        return response
    choices, answerable = _followup_choices(state.output)
    ready, later = selectors.sessions_split_by_followup_day(state.output, today=clock.today())
    wanted = request.GET.get("session") or answerable
    initial = {"session": wanted, "date": clock.today(), "token": new_token()}
    form = FollowupForm(
        request.POST or None,
        initial=initial,
        sessions=choices,
        answerable_from=selectors.followup_answerable_from(state.output),
    )
    return CheckinPage(
        request,
        state,
        form,
        "rehab/checkin_followup.html",
        has_sessions=any_session(runner=state.runner, output=state.output),
        hide_form=answerable is None and not request.GET.get("session"),
        followup_tomorrow=later if not ready else [],
    ).response()


@runner_state_required
@require_http_methods(["GET", "POST"])
def checkin_strength(request: HttpRequest, state: RunnerState) -> HttpResponse:
    if (response := checkin_guard(state)) is not None:
        return response
    planned = {e["id"]: e for e in (state.output.get("strength") or {}).get("exercises", [])}
    wanted = request.GET.get("exercise")
    exercise = planned.get(wanted or "") or next(iter(planned.values()), None)
    initial: dict[str, Any] = {"date": clock.today(), "token": new_token()}
    first_load_reps = None
    if exercise:
        initial |= {
            "exercise": exercise["id"],
            "sets_planned": exercise["sets"],
            "sets_done": exercise["sets"],
        }
        # Today's programme says how the exercise is loaded: a band, or kilograms.
        if exercise["uses_band"]:
            initial["band"] = exercise.get("band")
        else:
            initial["load_kg"] = exercise.get("load_kg")
        if exercise.get("progression") == "start" and is_loaded(exercise["id"]):
            first_load_reps = exercise.get("reps")
    form = StrengthForm(
        request.POST or None,
        initial=initial,
        language=page_language(),
        first_load_reps=first_load_reps,
        # Chosen on Today ("Log"): only the fields that fit it.
        fixed_exercise=exercise["id"] if exercise and wanted == exercise["id"] else None,
    )
    return CheckinPage(
        request, state, form, "rehab/checkin_strength.html", planned=planned
    ).response()


@runner_state_required
@require_http_methods(["GET", "POST"])
def checkin_strength_session(request: HttpRequest, state: RunnerState) -> HttpResponse:
    """Today's whole strength session in one form."""
    if (response := checkin_guard(state)) is not None:
        return response
    planned = (state.output.get("strength") or {}).get("exercises", [])
    if not planned:
        return redirect("rehab:checkin_strength")
    form = StrengthSessionForm(
        request.POST or None,
        initial={"date": clock.today(), "token": new_token()},
        exercises=planned,
        language=page_language(),
    )
    return StrengthSessionPage(
        request, state, form, "rehab/checkin_strength_session.html"
    ).response()


class StrengthSessionPage(CheckinPage):
    """Today's whole strength session: one event per exercise done, one transaction."""

    def payloads(self) -> list[dict[str, Any]]:
        payloads: list[dict[str, Any]] = self.form.payloads()
        return payloads

    def saved(self, events: list[Any], snapshot: Any) -> HttpResponse:
        messages.success(self.request, _("Your strength training is saved."))
        return redirect("rehab:today")

    def kept(self, events: list[Any]) -> HttpResponse:
        messages.warning(self.request, kept_message())
        return redirect("rehab:history")

    def error_field(self, error: RecordError) -> str | None:
        if error.index is None:
            return None
        field: str | None = self.form.field_for(error.index, error.field)
        return field


@runner_state_required
@require_http_methods(["GET", "POST"])
def checkin_status(request: HttpRequest, state: RunnerState) -> HttpResponse:
    if (response := checkin_guard(state)) is not None:
        return response
    runner = state.runner
    # Last week's answers: the engine's latest (intake, updated by every status since).
    previous = state.output.get("answers")
    if previous is None:  # a snapshot from before the engine said so
        previous = selectors.status_latest(viewer=runner, runner=runner)
    initial = {
        "date": clock.today(),
        "token": new_token(),
        **status_initial(previous=previous, intake=state.profile.answers if state.profile else {}),
    }
    form = StatusForm(request.POST or None, initial=initial, ask_red_flags=True)
    return StatusPage(request, state, form, "rehab/checkin_status.html").response()


class StatusPage(CheckinPage):
    """The weekly status, with the red-flag questions when something new has happened.
    New warning signs are recorded with the status, in the same transaction; if the status
    cannot be saved they are recorded on their own at once (a warning sign never waits for
    a form). The red-flag form is made only when it is shown or answered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        post = self.request.POST
        self.something_new = self.request.method == "POST" and post.get("anything_new") == "yes"
        self.flags: list[str] = []

    @functools.cached_property
    def flag_form(self) -> RedFlagForm:
        return RedFlagForm(self.request.POST or None, prefix="flags")

    def valid(self) -> bool:
        status_ok = super().valid()
        flags_ok = not self.something_new or self.flag_form.is_valid()  # errors only on "yes"
        self.flags = self.flag_form.flags() if self.something_new and flags_ok else []
        return status_ok and flags_ok

    def payloads(self) -> list[dict[str, Any]]:
        payloads = super().payloads()
        if self.flags:
            payloads.append(
                {"type": "red_flag", "date": clock.today().isoformat(), "flags": self.flags}
            )
        return payloads

    def unsaved(self) -> HttpResponse | None:
        if self.flags:
            return _flags_alone(self.request, self.state.runner, self.flags)
        return None

    def saved(self, events: list[Any], snapshot: Any) -> HttpResponse:
        if plan_paused(snapshot.output) or selectors.advise_flags(snapshot.output):
            return redirect("rehab:today")
        return super().saved(events, snapshot)

    def render(self) -> HttpResponse:
        self.context |= {"flag_form": self.flag_form, "flags_open": self.something_new}
        return super().render()


def _flags_alone(request: HttpRequest, runner: User, flags: list[str]) -> HttpResponse:
    """New warning signs from a weekly status that could not be saved as it was (sent
    twice, a duplicate, a bad field): the signs are recorded on their own at once, and
    Today shows what to do; the runner is told the status itself was not saved."""
    recording.event_record(
        runner=runner,
        author=runner,
        payload={"type": "red_flag", "date": clock.today().isoformat(), "flags": flags},
    )
    messages.warning(
        request,
        _(
            "Your new symptoms are saved. The weekly status itself was not saved; "
            "you can fill it in again later."
        ),
    )
    return redirect("rehab:today")


@runner_required
@require_GET
def checkin_result(request: HttpRequest, event_id: str) -> HttpResponse:
    state = runner_page_state(request)
    # The entry's own events and its stored result, never the whole history.
    entry = entry_around(viewer=state.runner, runner=state.runner, event_id=event_id)
    if entry is None:
        raise Http404
    event = entry.event(event_id)
    output = state.output
    if event.type == EventType.FOLLOWUP:
        session = entry_session(entry, output, str(event.payload.get("session")))
    else:
        session = entry_session(entry, output, event_id)
    # The plan before this check-in, kept with the snapshot until the next one.
    before = plan_before(state.snapshot, event_id) if state.snapshot else None
    kept = request.session.get(KEPT) == event_id
    if kept:
        del request.session[KEPT]
    next_run = output.get("next_run")
    language = page_language()
    ready, later = selectors.sessions_split_by_followup_day(
        {"sessions": [session] if session else []}, today=clock.today()
    )
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
            "flagged": plan_paused(output),
            "kept": kept,
            "kept_row": {"event": event, "followups": []},
            "entry": entry,
            "followup_ready": ready if event.type != EventType.FOLLOWUP else [],
            "followup_tomorrow": later,
        },
    )
