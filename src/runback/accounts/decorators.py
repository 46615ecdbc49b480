"""View decorators: who may open a page at all (what they then see is for the selectors)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from runback.accounts.models import Role, User
from runback.accounts.selectors import consent_is_current

View = Callable[..., HttpResponse]


def runner_access_required(view: View) -> View:
    """Logged in and a runner; consent is not needed.

    For the pages that show a runner what is already stored about them (history,
    progress, the download): the rights of access and portability hold whether or not
    consent is current, so withdrawing consent never locks a person out of their data.
    These pages must only read: nothing new is stored or computed.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        assert isinstance(user, User)
        if not user.is_runner:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def runner_required(view: View) -> View:
    """Logged in, a runner, and with current consent to processing health data.

    For every page that stores or computes something new (intake, check-ins, today's
    plan). Before the email address is confirmed the person is sent to the page that asks
    for it (and sends the link again); without consent, to the consent page, which says
    what is still available (see `runner_access_required`).
    """

    @runner_access_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert isinstance(request.user, User)
        if not request.user.email_confirmed:
            return redirect("accounts:email_unconfirmed")
        if not consent_is_current(user=request.user):
            return redirect("accounts:consent")
        return view(request, *args, **kwargs)

    return wrapper


def clinic_staff_required(view: View) -> View:
    """Logged in, a clinician or clinic admin, and a member of a clinic."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        assert isinstance(user, User)
        if not user.is_clinic_staff or user.clinic_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def clinic_admin_required(view: View) -> View:
    @clinic_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assert isinstance(request.user, User)
        if request.user.role != Role.CLINIC_ADMIN:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
