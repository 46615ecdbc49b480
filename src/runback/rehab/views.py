"""The runner's pages. Thin: check the form, call a service, render the snapshot."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback.accounts.decorators import runner_access_required, runner_required
from runback.accounts.forms import RegionForm
from runback.accounts.models import User
from runback.accounts.selectors import consent_is_current
from runback.accounts.services import export_row, person_export, user_set_region
from runback.common import clock
from runback.common.dates import date_in_words, day, long_date
from runback.engine.history import Chain
from runback.engine.rules import TRIAGE_ADVISE
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
    WithdrawForm,
    is_loaded,
    new_token,
    refuse_before_start,
    session_prefill,
    status_initial,
)
from runback.rehab.models import EventType, SessionResult, WeekResult
from runback.rehab.pages import (
    advice_for_today,
    checkin_guard,
    page_language,
    request_runner,
    runner_page_state,
)
from runback.rehab.selectors import RunnerState, plan_paused

INTAKE_FLAGS_OK = "rehab_intake_no_red_flags"
INTAKE_ADVISE = "rehab_intake_advise_flags"  # "advise" flags from step 1, saved at step 2
TRIAGE_ADVISE_IDS = TRIAGE_ADVISE
KEPT = "rehab_kept_first_entry"  # a form sent again with other data: the first was kept


def _advise_flags(output: dict[str, Any]) -> list[str]:
    """Open "advise" flags: see a doctor in the coming weeks; the plan goes on."""
    return list((output.get("triage") or {}).get("advise_flags") or [])


def _every_session(state: RunnerState) -> dict[str, Any]:
    """The stored advice with every session's result (history, progress, results)."""
    return selectors.output_with_every_session(runner=state.runner, output=state.output)


# --- intake --------------------------------------------------------------------------------


@runner_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """Step 1: red flags first. Any yes stops here."""
    state = runner_page_state(request)
    if plan_paused(state.output):
        return redirect("rehab:today")
    if state.profile and state.profile.intake_completed_at:
        return redirect("rehab:today")
    runner = state.runner
    data = request.POST or None
    form = RedFlagForm(data)
    # The region is asked once, here (or on the account page): who to call.
    region_form = RegionForm(data, prefix="where") if not runner.region else None
    if (
        request.method == "POST"
        and form.is_valid()
        and (region_form is None or region_form.is_valid())
    ):
        if region_form is not None:
            user_set_region(user=runner, region=region_form.cleaned_data["region"])
        flags = form.flags()
        if any(flag not in TRIAGE_ADVISE_IDS for flag in flags):
            try:
                services.profile_save(
                    runner=runner,
                    answers={"red_flags": flags},
                    completed=False,
                    author=runner,
                )
            except services.RecordError as error:
                form.add_error(None, error.message)
            else:
                return redirect("rehab:today")
        else:
            # No flag, or only "advise" ones (the plan is not paused): on to the details.
            request.session[INTAKE_FLAGS_OK] = True
            request.session[INTAKE_ADVISE] = flags
            return redirect("rehab:intake_details")
    return render(
        request,
        "rehab/intake_red_flags.html",
        {"form": form, "region_form": region_form, "step": 1},
    )


@runner_required
@require_http_methods(["GET", "POST"])
def intake_details(request: HttpRequest) -> HttpResponse:
    """Step 2: the back, irritability, walking, cadence, strength, start date."""
    state = runner_page_state(request)
    if plan_paused(state.output):
        return redirect("rehab:today")
    if state.profile and state.profile.intake_completed_at:
        return redirect("rehab:today")
    cleared_since = state.profile is not None  # saved with flags earlier, since cleared
    if not request.session.get(INTAKE_FLAGS_OK) and not cleared_since:
        return redirect("rehab:intake")
    form = IntakeForm(request.POST or None, initial={"start_date": clock.today()})
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        if not cleared_since:
            answers["red_flags"] = [
                flag
                for flag in request.session.get(INTAKE_ADVISE) or []
                if flag in TRIAGE_ADVISE_IDS
            ]
        try:
            services.profile_save(
                runner=state.runner, answers=answers, completed=True, author=state.runner
            )
        except services.RecordError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session.pop(INTAKE_FLAGS_OK, None)
            request.session.pop(INTAKE_ADVISE, None)
            return redirect("rehab:today")
    return render(request, "rehab/intake_details.html", {"form": form, "step": 2})


# --- today -----------------------------------------------------------------------------------


def _today_without_consent(request: HttpRequest) -> HttpResponse:
    """Today after consent is withdrawn: no plan, and nothing computed or stored. But
    guidance to see a doctor that was open when consent was withdrawn stays visible (the
    stop page with who to call, or the advice), read from the stored snapshot as it is;
    otherwise the consent page, which says what is still available."""
    state = runner_page_state(request)
    output = state.output
    if plan_paused(output):
        return render(
            request, "rehab/stop.html", {"triage": output["triage"], "consent_withdrawn": True}
        )
    if _advise_flags(output):
        return render(
            request,
            "rehab/advice_without_consent.html",
            {
                "advise_flags": _advise_flags(output),
                "advice": (output.get("triage") or {}).get("advice"),
            },
        )
    return redirect("accounts:consent")


@runner_access_required  # consent is checked below: safety guidance outlives it
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    if not consent_is_current(user=request_runner(request)):
        return _today_without_consent(request)
    state = runner_page_state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    output = advice_for_today(state)
    if plan_paused(output):
        return render(
            request,
            "rehab/stop.html",
            {"triage": output["triage"], "cleared_form": ClearedForm()},
        )
    if state.profile.intake_completed_at is None:
        return redirect("rehab:intake_details")
    language = page_language()
    next_run = output.get("next_run")
    strength = output.get("strength") or {}
    week_ago = (clock.today() - timedelta(days=7)).isoformat()
    ready, later = selectors.sessions_split_by_followup_day(output, today=clock.today())
    cleared = (output.get("triage") or {}).get("cleared") or None
    if cleared and str(cleared.get("date", "")) < week_ago:
        cleared = None  # said once, for a week; History keeps it
    status_due = bool((output.get("weekly_status") or {}).get("due"))
    return render(
        request,
        "rehab/today.html",
        {
            "output": output,
            "next_run": next_run,
            "strength": strength,
            "awaiting_followup": ready,
            "followup_tomorrow": later,
            "cleared": cleared,
            "status_due": status_due,
            "escalations": selectors.explanation_for(
                output, output.get("escalations", []), language
            ),
            "run_reasons": selectors.explanation_for(
                output, (next_run or {}).get("rules", []), language
            ),
            "advise_flags": _advise_flags(output),
            "advice": (output.get("triage") or {}).get("advice"),
        },
    )


@runner_required
@require_GET
def why(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    output = advice_for_today(state)
    return render(
        request,
        "rehab/why.html",
        {"reasons": selectors.explanation_all(output, page_language()), "output": output},
    )


# --- red flags at any time ---------------------------------------------------------------------


@runner_required
@require_http_methods(["GET", "POST"])
def symptoms(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    form = RedFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flags = form.flags()
        if flags:
            try:
                services.event_record(
                    runner=state.runner,
                    author=state.runner,
                    payload={
                        "type": "red_flag",
                        "date": clock.today().isoformat(),
                        "flags": flags,
                    },
                )
            except services.RecordError as error:
                form.add_error(None, error.message)
                return render(request, "rehab/symptoms.html", {"form": form})
        else:
            messages.success(
                request, _("Good. None of these is a warning sign. Keep to your plan.")
            )
        return redirect("rehab:today")
    return render(request, "rehab/symptoms.html", {"form": form})


@runner_required
@require_POST
def cleared(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
    output = state.output
    if request.POST.get("advise"):
        # The runner reports that a doctor has seen the "advise" flag(s): lifts only those.
        advise_flags = _advise_flags(output)
        if advise_flags and not plan_paused(output):
            try:
                services.event_record(
                    runner=state.runner,
                    author=state.runner,
                    payload={
                        "type": "cleared",
                        "date": clock.today().isoformat(),
                        "by": "runner",
                        "flags": advise_flags,
                    },
                )
            except services.RecordError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you. It is noted that a doctor has seen you."))
        return redirect("rehab:today")
    form = ClearedForm(request.POST)
    if not plan_paused(output):
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
        payload={"type": "cleared", "date": clock.today().isoformat(), "by": "doctor"},
    )
    messages.success(request, _("Thank you. Your plan continues from where you left it."))
    return redirect("rehab:today")


# --- check-ins ---------------------------------------------------------------------------------


class CheckinPage:
    """The skeleton of every check-in page (one entry, a whole strength session, the weekly
    status, a correction). A GET shows the form. A POST whose form is `valid` (and dated
    from the plan's start) is recorded (`payloads`, one transaction) and `saved` answers.
    If it cannot be recorded: a form sent before with other data keeps the first (`kept`),
    an entry of the same kind and date asks "is this another one?", a refusal goes to its
    field (`error_field`); the form is shown again with its errors, unless `unsaved` has
    another answer. A page that differs overrides only those methods."""

    def __init__(
        self, request: HttpRequest, state: RunnerState, form: Any, template: str, **context: Any
    ) -> None:
        self.request = request
        self.state = state
        self.form = form
        self.template = template
        self.context = context

    def response(self) -> HttpResponse:
        if self.request.method == "POST":
            self.context["hide_form"] = False  # a sent form is always shown with its answer
            if self.valid():
                saved = self.record()
                if saved is not None:
                    return saved
            unsaved = self.unsaved()
            if unsaved is not None:
                return unsaved
        return self.render()

    def valid(self) -> bool:
        return bool(self.form.is_valid()) and not refuse_before_start(
            self.form, _start_date(self.state)
        )

    def payloads(self) -> list[dict[str, Any]]:
        return [self.form.payload()]

    def record(self) -> HttpResponse | None:
        """Record the form's events; on a refusal put it on the form and return None."""
        payloads = self.payloads()
        try:
            events, snapshot = services.events_record(
                runner=self.state.runner,
                author=self.state.runner,
                payloads=payloads,
                token=self.form.cleaned_data.get("token") or None,
                check_duplicates=not any("replaces" in p for p in payloads)
                and not self.form.cleaned_data.get("another"),
                seen=self.state.snapshot,
            )
        except services.TokenReused as reused:
            return self.unsaved() or self.kept(reused.events)
        except services.PossibleDuplicate as duplicate:
            self.form.duplicates = _duplicate_texts(duplicate.existing)
        except services.EntryWithdrawn:
            self.form.add_error(None, _withdrawn_message())
        except services.RecordError as error:
            self.form.add_error(self.error_field(error), _refusal(error))
        else:
            return self.saved(events, snapshot)
        return None

    def saved(self, events: list[Any], snapshot: Any) -> HttpResponse:
        return redirect("rehab:checkin_result", event_id=events[0].event_id)

    def kept(self, events: list[Any]) -> HttpResponse:
        self.request.session[KEPT] = events[0].event_id
        return redirect("rehab:checkin_result", event_id=events[0].event_id)

    def error_field(self, error: services.RecordError) -> str | None:
        return error.field if error.field in self.form.fields else None

    def unsaved(self) -> HttpResponse | None:
        return None

    def render(self) -> HttpResponse:
        return render(self.request, self.template, {"form": self.form, **self.context})


def _start_date(state: RunnerState) -> str | None:
    if state.profile is None:
        return None
    return str(state.profile.answers.get("start_date") or "") or None


def _withdrawn_message() -> str:
    return _(
        "This entry is withdrawn, so it can no longer be corrected. "
        "If you withdrew it by mistake, log it again."
    )


def _duplicate_texts(existing: list[Any]) -> list[str]:
    """What is already logged, in words, for the question "is this another one?"."""
    from runback.common.names import exercise_name

    texts = []
    for event in existing:
        p = event.payload
        when = date_in_words(str(p.get("date")))
        if p.get("type") == "strength":
            texts.append(
                _("%(exercise)s on %(date)s")
                % {"exercise": exercise_name(p.get("exercise")), "date": when}
            )
        elif p.get("type") == "status":
            texts.append(_("A weekly status on %(date)s") % {"date": when})
        elif p.get("type") == "walk":
            texts.append(_("A walk on %(date)s") % {"date": when})
        elif p.get("type") == "followup":
            texts.append(
                _("A next-morning answer for this session, given on %(date)s") % {"date": when}
            )
        else:
            texts.append(_("A run on %(date)s") % {"date": when})
    return texts


def _refusal(error: services.RecordError) -> str:
    """The engine explains a refusal in English for programs; the runner reads it in the
    page's language. The forms catch almost everything before the engine sees it."""
    if error.message == "is before the session it follows up":
        return _("A next-morning answer cannot be dated before its session. Check the dates.")
    return _("This does not fit with what you have logged before. Check the date and the numbers.")


def _session_choices(output: dict[str, Any]) -> list[tuple[str, str]]:
    choices = []
    for session in reversed(output.get("sessions", [])):
        kind = _("Walk") if session.get("type") == "walk" else _("Run")
        choices.append((session["id"], f"{kind} {day(session['date'])}"))
    return choices


FOLLOWUP_DAYS = 7  # the next-morning form offers the sessions of the last week


def _followup_choices(
    output: dict[str, Any], today: date
) -> tuple[list[tuple[str, str]], str | None]:
    """The sessions of the past week for the next-morning form, those still waiting for
    their answer first, and the first still waiting that can be answered today (ZONE-2:
    from the day after the session; today's stay listed, so a stale form is refused)."""
    oldest = (today - timedelta(days=FOLLOWUP_DAYS)).isoformat()
    recent = [
        s
        for s in reversed(output.get("sessions", []))
        if oldest <= str(s.get("date", "")) <= today.isoformat()
    ]
    recent.sort(key=lambda s: s.get("zone") != "provisional")  # stable: newest first within
    choices = [
        (s["id"], f"{_('Walk') if s.get('type') == 'walk' else _('Run')} {day(s['date'])}")
        for s in recent
    ]
    waiting = [
        s["id"]
        for s in recent
        if s.get("zone") == "provisional" and str(s.get("date", "")) < today.isoformat()
    ]
    return choices, waiting[0] if waiting else None


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_session(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
    if (response := checkin_guard(state)) is not None:
        return response
    next_run = state.output.get("next_run") or {}
    initial = {
        "type": "walk" if next_run.get("phase") == "walk" else "run",
        "date": clock.today(),
        "token": new_token(),
    } | session_prefill(request.GET)
    form = SessionForm(request.POST or None, initial=initial)
    return CheckinPage(
        request, state, form, "rehab/checkin_session.html", next_run=next_run
    ).response()


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_followup(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
    if (response := checkin_guard(state)) is not None:
        return response
    choices, answerable = _followup_choices(state.output, clock.today())
    ready, later = selectors.sessions_split_by_followup_day(state.output, today=clock.today())
    wanted = request.GET.get("session") or answerable
    initial = {"session": wanted, "date": clock.today(), "token": new_token()}
    form = FollowupForm(
        request.POST or None,
        initial=initial,
        sessions=choices,
        session_dates=selectors.session_dates(state.output),
    )
    return CheckinPage(
        request,
        state,
        form,
        "rehab/checkin_followup.html",
        has_sessions=bool(_every_session(state).get("sessions")),
        hide_form=answerable is None and not request.GET.get("session"),
        followup_tomorrow=later if not ready else [],
    ).response()


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_strength(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
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
            "load_kg": exercise.get("load_kg"),
            "band": exercise.get("band"),
        }
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


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_strength_session(request: HttpRequest) -> HttpResponse:
    """Today's whole strength session in one form."""
    state = runner_page_state(request)
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
        messages.warning(self.request, _kept_message())
        return redirect("rehab:history")

    def error_field(self, error: services.RecordError) -> str | None:
        if error.index is None:
            return None
        field: str | None = self.form.field_for(error.index, error.field)
        return field


@runner_required
@require_http_methods(["GET", "POST"])
def checkin_status(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
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
        if plan_paused(snapshot.output) or _advise_flags(snapshot.output):
            return redirect("rehab:today")
        return super().saved(events, snapshot)

    def render(self) -> HttpResponse:
        self.context |= {"flag_form": self.flag_form, "flags_open": self.something_new}
        return super().render()


def _flags_alone(request: HttpRequest, runner: User, flags: list[str]) -> HttpResponse:
    """New warning signs from a weekly status that could not be saved as it was (sent
    twice, a duplicate, a bad field): the signs are recorded on their own at once, and
    Today shows what to do; the runner is told the status itself was not saved."""
    services.event_record(
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
    entry = selectors.entry_get(viewer=state.runner, runner=state.runner, event_id=event_id)
    if entry is None:
        raise Http404
    event = entry.event(event_id)
    output = _every_session(state)
    if event.type == EventType.FOLLOWUP:
        session = entry.session(output, str(event.payload.get("session")))
    else:
        session = entry.session(output, event_id)
    # The plan before this check-in, kept with the snapshot until the next one.
    before = services.plan_before(state.snapshot, event_id) if state.snapshot else None
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


def _kept_message() -> str:
    return _(
        "This form was already sent, so we kept what you sent the first time. "
        "To change it, use Correct in your history."
    )


# --- history, corrections -------------------------------------------------------------------------

HISTORY_LIMIT = 200


@runner_access_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Every entry, newest first, with its state following the order of the events: the
    latest version of an entry can be corrected or withdrawn (links name the entry's
    first id); earlier versions, withdrawn entries and corrections recorded after a
    withdrawal (which count for nothing) are shown as such."""
    state = runner_page_state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    events, chains = selectors.entry_chains_for(viewer=state.runner, runner=state.runner)
    every = _every_session(state)
    rows: list[dict[str, Any]] = []
    latest_rows: dict[int, dict[str, Any]] = {}  # id(chain) -> the row of its latest version
    for index in range(len(events) - 1, -1, -1):
        if len(rows) >= HISTORY_LIMIT:
            break
        event = events[index]
        chain = chains.get(event.event_id)
        if event.type == EventType.WITHDRAW or chain is None:
            continue
        latest = chain.latest == index
        ignored = index in chain.ignored
        live = latest and chain.live
        session = selectors.session_in(every, chain, events) if live else None
        row: dict[str, Any] = {
            "event": event,
            "link_id": chain.root,
            "zone": (session or {}).get("zone"),
            "withdrawn": latest and not chain.live,
            "superseded": not latest and not ignored,
            "ignored": ignored,
            "correctable": event.type in CORRECTABLE and live,
            "corrected": latest and len(chain.versions) > 1,
            "followups": [],
        }
        if latest:
            latest_rows[id(chain)] = row
        rows.append(row)
    return render(
        request,
        "rehab/history.html",
        {"rows": _nest_followups(rows, chains, latest_rows), "output": every},
    )


def _nest_followups(
    rows: list[dict[str, Any]],
    chains: dict[str, Chain],
    latest_rows: dict[int, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Show each next-morning answer under the latest version of its session."""
    top = []
    for row in rows:
        event = row["event"]
        parent = None
        if event.type == EventType.FOLLOWUP:
            chain = chains.get(str(event.payload.get("session")))
            parent = latest_rows.get(id(chain)) if chain is not None else None
            if parent is not None and parent["event"].type not in {EventType.RUN, EventType.WALK}:
                parent = None
        if parent is not None:
            parent["followups"].append(row)
        else:
            top.append(row)
    return top


@runner_access_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    # Stored results only (a constant number of queries): the charted entries as they
    # stand after corrections, every session's zone, every week's minutes.
    entries = selectors.progress_entries_for(viewer=state.runner, runner=state.runner)
    every = _every_session(state)
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


CORRECTABLE = {
    EventType.RUN,
    EventType.WALK,
    EventType.FOLLOWUP,
    EventType.STRENGTH,
    EventType.STATUS,
}


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
        except services.TokenReused:
            messages.warning(
                request,
                _("This confirmation was already used, so nothing more was changed."),
            )
        except services.RecordError as error:
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
    followups = sum(
        1
        for chain in {id(c): c for c in entry.chains.values()}.values()
        if chain.live
        and entry.events[chain.latest].type == EventType.FOLLOWUP
        and entry.chains.get(str(entry.events[chain.latest].payload.get("session"))) is entry.chain
    )
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
            and not refuse_before_start(self.form, _start_date(self.state))
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
    entry = selectors.entry_get(viewer=state.runner, runner=state.runner, event_id=event_id)
    if entry is None or entry.latest.type not in CORRECTABLE:
        raise Http404
    if entry.withdrawn and request.method == "GET":
        messages.error(request, _withdrawn_message())
        return redirect("rehab:history")
    event = entry.latest
    initial = _initial_from_payload(event.payload)
    data = request.POST or None
    form: Any
    if event.type in {EventType.RUN, EventType.WALK}:
        form = SessionForm(data, initial=initial)
        template = "rehab/checkin_session.html"
    elif event.type == EventType.FOLLOWUP:
        form = FollowupForm(
            data,
            initial=initial,
            sessions=_session_choices(_every_session(state)),
            session_dates=selectors.session_dates(_every_session(state)),
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
