"""The intake: red flags first, then the questions about the back."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from runback.accounts.decorators import runner_required
from runback.accounts.forms import RegionForm
from runback.accounts.services import user_set_region
from runback.common import clock
from runback.engine.rules import TRIAGE_ADVISE
from runback.rehab.checkin.errors import RecordError
from runback.rehab.intake import services
from runback.rehab.intake.forms import IntakeForm
from runback.rehab.pages import (
    runner_page_state,
)
from runback.rehab.red_flags import RedFlagForm
from runback.rehab.selectors import plan_paused

INTAKE_FLAGS_OK = "rehab_intake_no_red_flags"


INTAKE_ADVISE = "rehab_intake_advise_flags"  # "advise" flags from step 1, saved at step 2


TRIAGE_ADVISE_IDS = TRIAGE_ADVISE


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
            except RecordError as error:
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
        except RecordError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session.pop(INTAKE_FLAGS_OK, None)
            request.session.pop(INTAKE_ADVISE, None)
            return redirect("rehab:today")
    return render(request, "rehab/intake_details.html", {"form": form, "step": 2})
