"""View decorators: who may open a page at all (what they then see is for the selectors)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from runback.accounts.models import User
from runback.accounts.selectors import consent_current

View = Callable[..., HttpResponse]


def runner_required(view: View) -> View:
    """Logged in, a runner, and with current consent to processing health data.

    Without consent nothing health-related may be shown or stored: the person is sent to
    the consent page first.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        assert isinstance(user, User)
        if not user.is_runner:
            raise PermissionDenied
        if consent_current(user=user) is None:
            return redirect("accounts:consent")
        return view(request, *args, **kwargs)

    return wrapper
