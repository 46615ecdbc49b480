"""Who may open a clinic page at all (which runners they then see is runner_visible_to's)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from runback.accounts.decorators import View
from runback.accounts.models import Role, User


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
