"""What every runner page needs: the runner of the request, their state, the page's
language, today's advice (without a write on a new day) and
the guard in front of a check-in. Used by the rehab pages and the interval timer."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab import selectors, services
from runback.rehab.selectors import RunnerState, plan_paused


def request_runner(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def runner_page_state(request: HttpRequest) -> RunnerState:
    user = request_runner(request)
    state = selectors.runner_state_get(viewer=user, runner_id=user.pk)
    if state is None:  # runner_required guarantees a visible runner
        raise Http404
    return state


def page_language() -> str:
    return "en" if get_language() == "en" else "da"


def advice_for_today(state: RunnerState) -> dict[str, Any]:
    """The snapshot's advice; for a new day advised again from the stored state, without a
    write (only a snapshot without a usable state is folded again and stored)."""
    snapshot = state.snapshot
    as_of = today()
    if snapshot is not None and snapshot.as_of >= as_of:
        output: dict[str, Any] = snapshot.output
        return output
    if snapshot is not None:
        advice = services.state_advice(runner=state.runner, snapshot=snapshot, as_of=as_of)
        if advice is not None:
            return advice
    snapshot = services.snapshot_refresh(runner=state.runner)
    return snapshot.output if snapshot else {}


def checkin_guard(state: RunnerState) -> HttpResponse | None:
    if state.profile is None or state.profile.intake_completed_at is None:
        return redirect("rehab:intake")
    if plan_paused(state.output):
        return redirect("rehab:today")
    return None
