"""Today, why, and the red flags at any time (reported, and cleared by a doctor)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback.accounts.decorators import runner_access_required, runner_required
from runback.accounts.selectors import consent_is_current
from runback.common import clock
from runback.rehab import selectors
from runback.rehab.checkin import recording
from runback.rehab.checkin.errors import RecordError
from runback.rehab.checkin.snapshots import advice_for_today
from runback.rehab.pages import (
    page_language,
    request_runner,
    runner_page_state,
)
from runback.rehab.red_flags import RedFlagForm
from runback.rehab.selectors import plan_paused
from runback.rehab.today.forms import ClearedForm


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
    if selectors.advise_flags(output):
        return render(
            request,
            "rehab/advice_without_consent.html",
            {
                "advise_flags": selectors.advise_flags(output),
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
    if output is None:
        return redirect("rehab:intake")
    if output["paused"]:
        return render(
            request,
            "rehab/stop.html",
            {"triage": output["triage"], "cleared_form": ClearedForm()},
        )
    if state.profile.intake_completed_at is None:
        return redirect("rehab:intake_details")
    language = page_language()
    next_run = output["next_run"]
    strength = output["strength"]
    week_ago = (clock.today() - timedelta(days=7)).isoformat()
    ready, later = selectors.sessions_split_by_followup_day(output, today=clock.today())
    cleared = output["triage"].get("cleared")
    if cleared and cleared["date"] < week_ago:
        cleared = None  # said once, for a week; History keeps it
    status_due = output["weekly_status"]["due"]
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
            "escalations": selectors.explanation_for(output, output["escalations"], language),
            "run_reasons": selectors.explanation_for(
                output, next_run["rules"] if next_run else [], language
            ),
            "advise_flags": output["triage"]["advise_flags"],
            "advice": output["triage"].get("advice"),
        },
    )


@runner_required
@require_GET
def why(request: HttpRequest) -> HttpResponse:
    state = runner_page_state(request)
    if state.profile is None:
        return redirect("rehab:intake")
    output = advice_for_today(state)
    if output is None:
        return redirect("rehab:intake")
    return render(
        request,
        "rehab/why.html",
        {"reasons": selectors.explanation_all(output, page_language()), "output": output},
    )


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
                recording.event_record(
                    runner=state.runner,
                    author=state.runner,
                    payload={
                        "type": "red_flag",
                        "date": clock.today().isoformat(),
                        "flags": flags,
                    },
                )
            except RecordError as error:
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
        advise_flags = selectors.advise_flags(output)
        if advise_flags and not plan_paused(output):
            try:
                recording.event_record(
                    runner=state.runner,
                    author=state.runner,
                    payload={
                        "type": "cleared",
                        "date": clock.today().isoformat(),
                        "by": "runner",
                        "flags": advise_flags,
                    },
                )
            except RecordError as error:
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
    recording.event_record(
        runner=state.runner,
        author=state.runner,
        payload={"type": "cleared", "date": clock.today().isoformat(), "by": "doctor"},
    )
    messages.success(request, _("Thank you. Your plan continues from where you left it."))
    return redirect("rehab:today")
