"""The runner's reminder choices, and the one-click unsubscribe from an email's link."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from runback.accounts.decorators import runner_access_required
from runback.accounts.models import User
from runback.common.http import no_store
from runback.reminders import selectors, services
from runback.reminders.forms import PreferenceForm
from runback.reminders.models import ReminderKind


@runner_access_required  # switching reminders off must work without current consent too
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    runner = request.user
    assert isinstance(runner, User)
    form = PreferenceForm(request.POST or None, instance=selectors.preference_for(runner))
    if request.method == "POST" and form.is_valid():
        services.preference_save(runner=runner, **form.cleaned_data)
        messages.success(request, _("Your reminder choices are saved."))
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no cookie
@no_store
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a link scanner must not unsubscribe anybody); POST unsubscribes. The
    signed token is the only key: no login, and it can switch off one reminder only."""
    found = services.unsubscribe_read(token)
    if found is None:
        raise Http404
    runner, kind = found
    done = request.method == "POST"
    if done:
        services.unsubscribe(runner=runner, kind=kind)
    return render(
        request,
        "reminders/unsubscribe.html",
        {"kind": ReminderKind(kind), "done": done, "logged_in_as_runner": request.user == runner},
    )
