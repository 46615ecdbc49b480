"""What every runner page needs: the runner of the request, their state, the page's
language, every session's result and the guard in front of a check-in. Used by the rehab
pages and the interval timer."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language

from runback.accounts.decorators import runner_access_required
from runback.accounts.models import User
from runback.rehab import selectors
from runback.rehab.selectors import RunnerState, plan_paused
from runback.rehab.state_read import own_state_row


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


def runner_state_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`runner_required` with the consent asked in the same query as the runner's state,
    which the view is given (`view(request, state, ...)`): one statement fewer on the
    check-in pages, whose POST is the hot path, and its SQL compiled once (see
    `state_read`); the runner is the request's user, not read again. Without current
    consent, the consent page."""

    @runner_access_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        runner = request_runner(request)
        runner = getattr(runner, "_wrapped", runner)  # the User, not auth's lazy object
        found = own_state_row(runner)
        if found is None:  # runner_access_required guarantees an active runner
            raise Http404
        profile, snapshot, consented = found
        state = RunnerState(runner=runner, profile=profile, snapshot=snapshot)
        if not consented or not runner.email_confirmed:  # the consent page says which
            return redirect("accounts:consent")
        return view(request, state, *args, **kwargs)

    return wrapper


def page_language() -> str:
    return "en" if get_language() == "en" else "da"


def checkin_guard(state: RunnerState) -> HttpResponse | None:
    if state.profile is None or state.profile.intake_completed_at is None:
        return redirect("rehab:intake")
    if plan_paused(state.output):
        return redirect("rehab:today")
    return None


def every_session(state: RunnerState) -> dict[str, Any]:
    """The stored advice with every session's result (history, progress, results)."""
    return selectors.output_with_every_session(runner=state.runner, output=state.output)
