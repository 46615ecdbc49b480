"""Pages that belong to no app: the front page, a health check for load balancers and the
page for a form whose security check failed."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from runback.accounts.models import User
from runback.accounts.services import user_set_language


@require_safe  # GET and HEAD (monitors and link checkers send HEAD)
def home(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "is_runner", False):
        return redirect("rehab:today")
    if getattr(request.user, "is_clinic_staff", False) and getattr(request.user, "clinic_id", None):
        return redirect("clinic:dashboard")  # a clinician starts on the overview
    return render(request, "home.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, plus: remember the choice on the account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if isinstance(request.user, User) and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response


@require_safe  # GET and HEAD: load balancers often probe with HEAD
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form failed Django's CSRF check (settings.CSRF_FAILURE_VIEW): usually it was open
    too long, or the person logged in or out in another tab. Our own page, in the person's
    language, in plain words; never Django's technical one. `reason` is not shown."""
    response = render(request, "403_csrf.html", status=403)
    response["Cache-Control"] = "no-store"
    return response
