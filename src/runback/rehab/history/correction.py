"""Correcting an entry: a new event that replaces it, on the entry's own check-in form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runback.accounts.decorators import runner_required
from runback.common.dates import day, long_date
from runback.rehab import selectors
from runback.rehab.checkin.entries import entry_around, every_session_brief
from runback.rehab.checkin.forms import FollowupForm, SessionForm, StatusForm
from runback.rehab.checkin.page import CheckinPage, start_date_of, withdrawn_message
from runback.rehab.checkin.strength_forms import StrengthForm
from runback.rehab.fields import new_token, refuse_before_start
from runback.rehab.history.selectors import CORRECTABLE
from runback.rehab.models import EventType
from runback.rehab.pages import (
    page_language,
    runner_page_state,
)
from runback.rehab.selectors import RunnerState


def _session_choices(sessions: list[dict[str, Any]]) -> list[tuple[str, str]]:
    choices = []
    for session in reversed(sessions):
        kind = _("Walk") if session.get("type") == "walk" else _("Run")
        choices.append((session["id"], f"{kind} {day(session['date'])}"))
    return choices


def _initial_from_payload(payload: dict[str, Any]) -> dict[str, Any]:
    initial = {k: v for k, v in payload.items() if k not in {"id", "replaces"}}
    if payload.get("type") == "walk" and "minutes" in payload:
        initial["walk_min"] = payload["minutes"]
    initial["token"] = new_token()
    return initial


def _before_its_followups(state: RunnerState, event: Any, form: Any) -> bool:
    """ZONE-2: a corrected session stays before its next-morning answers (date field)."""
    if event.type not in {EventType.RUN, EventType.WALK}:
        return True
    answers = selectors.followup_dates_for(
        viewer=state.runner, runner=state.runner, session_id=event.event_id
    )
    if answers and form.cleaned_data["date"] >= answers[0]:
        form.add_error(
            "date",
            _(
                "This session has a next-morning answer from %(date)s. Date the session "
                "before that day, or correct the answer first."
            )
            % {"date": long_date(answers[0])},
        )
        return False
    return True


class CorrectionPage(CheckinPage):
    """A correction: a new event that replaces the entry (`corrected`, any id of its
    chain); a corrected session stays before its next-morning answers."""

    def __init__(self, *args: Any, corrected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.corrected = corrected

    def valid(self) -> bool:
        return (
            bool(self.form.is_valid())
            and _before_its_followups(self.state, self.context["correcting"], self.form)
            and not refuse_before_start(self.form, start_date_of(self.state))
        )

    def payloads(self) -> list[dict[str, Any]]:
        return [{**self.form.payload(), "replaces": self.corrected}]

    def saved(self, events: list[Any], snapshot: Any) -> HttpResponse:
        messages.success(self.request, _("The entry is corrected, and your plan is recalculated."))
        return super().saved(events, snapshot)


@runner_required
@require_http_methods(["GET", "POST"])
def event_correct(request: HttpRequest, event_id: str) -> HttpResponse:
    """Correct an entry (`event_id`: any id of its chain); the form starts from its
    latest version. A withdrawn entry can't be corrected, also from a form opened
    before it was withdrawn."""
    state = runner_page_state(request)
    entry = entry_around(viewer=state.runner, runner=state.runner, event_id=event_id)
    if entry is None or entry.latest.type not in CORRECTABLE:
        raise Http404
    if entry.withdrawn and request.method == "GET":
        messages.error(request, withdrawn_message())
        return redirect("rehab:history")
    event = entry.latest
    initial = _initial_from_payload(event.payload)
    data = request.POST or None
    form: Any
    if event.type in {EventType.RUN, EventType.WALK}:
        form = SessionForm(data, initial=initial)
        template = "rehab/checkin_session.html"
    elif event.type == EventType.FOLLOWUP:
        sessions = every_session_brief(runner=state.runner, output=state.output)
        form = FollowupForm(
            data,
            initial=initial,
            sessions=_session_choices(sessions),
            answerable_from=selectors.followup_answerable_from(state.output, sessions),
        )
        template = "rehab/checkin_followup.html"
    elif event.type == EventType.STRENGTH:
        form = StrengthForm(data, initial=initial, language=page_language())
        template = "rehab/checkin_strength.html"
    else:
        form = StatusForm(data, initial=initial)
        template = "rehab/checkin_status.html"
    opened = request.POST.get("version")
    if request.method == "POST" and opened and opened != event.event_id:
        # Changed in another tab since this form was opened: never overwrite that change
        # unseen. The form starts again from the latest version.
        messages.error(
            request,
            _(
                "This entry was changed in another window after you opened this form. "
                "Here is the latest version: check it and save again."
            ),
        )
        return redirect("rehab:event_correct", event_id=event_id)
    return CorrectionPage(
        request,
        state,
        form,
        template,
        corrected=event_id,
        correcting=event,
        has_sessions=True,
        next_run=None,
        planned={},
    ).response()
