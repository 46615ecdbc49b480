"""Pages that belong to no app: the front page and a health check for load balancers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from runback.accounts.models import User
from runback.accounts.services import user_set_language


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "is_runner", False):
        return redirect("rehab:today")
    return render(request, "home.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, plus: remember the choice on the account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if isinstance(request.user, User) and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
