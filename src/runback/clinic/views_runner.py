"""The runner's side of sharing with a clinic: join by code, add the watch activities,
withdraw. Thin: a form, a service or a selector, a template."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from runback.accounts.decorators import runner_access_required, runner_required
from runback.accounts.models import User
from runback.accounts.network import client_ip_address
from runback.clinic import selectors, services
from runback.clinic.errors import ShareError
from runback.clinic.forms import CodeForm, JoinForm, ShareExtendForm
from runback.clinic.models import Share
from runback.clinic.sharing import share_paragraphs
from runback.common.dates import date_in_words
from runback.common.http import no_store


def _runner(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _language() -> str:
    return "en" if get_language() == "en" else "da"


@no_store
@runner_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Enter (or follow a link with) a clinic's code, read what sharing means, agree.

    A code that is unknown, used or expired is answered at the field; such tries are
    counted (`services.invitation_try_failed`), and over the hourly limit no code is looked
    up at all (429, at the field)."""
    runner = _runner(request)
    client = client_ip_address(request)
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()[:32]
    allowed = not code or services.invitation_tries_left(runner=runner, client_address=client)
    invitation = services.invitation_find(code=code) if code and allowed else None
    form: JoinForm | CodeForm
    if request.method == "POST":
        form = JoinForm(request.POST)
    elif code and invitation is None:
        form = CodeForm({"code": code})  # bound, so the answer can be given at the field
    else:
        form = JoinForm(initial={"code": code})
    if not allowed:
        form.add_error("code", _("Too many codes were tried. Please wait an hour and try again."))
    elif request.method == "POST" and isinstance(form, JoinForm) and form.is_valid():
        try:
            share = services.share_accept(
                runner=runner, code=form.cleaned_data["code"], language=_language()
            )
        except ShareError:
            services.invitation_try_failed(runner=runner, client_address=client)
            form.add_error("code", _("This code is not valid. Ask the clinic for a new one."))
        else:
            messages.success(
                request, _("You now share your record with %(clinic)s.") % {"clinic": share.clinic}
            )
            return redirect("accounts:account")
    elif code and invitation is None and not form.errors:
        services.invitation_try_failed(runner=runner, client_address=client)
        form.add_error("code", _("This code is not valid. Ask the clinic for a new one."))
    return render(
        request,
        "clinic/join.html",
        {
            "form": form,
            "invitation": invitation,
            "paragraphs": share_paragraphs(clinic_name=invitation.clinic.name)
            if invitation
            else [],
        },
        status=429 if not allowed else 200,
    )


@runner_access_required
@require_POST
def share_withdraw(request: HttpRequest, share_id: int) -> HttpResponse:
    if services.share_withdraw(runner=_runner(request), share_id=share_id):
        messages.success(request, _("The clinic can no longer see your record."))
    return redirect("accounts:account")


@no_store
@runner_required
@require_http_methods(["GET", "POST"])
def share_extend(request: HttpRequest, share_id: int) -> HttpResponse:
    """A share given under words that did not name the watch activities: the runner reads
    today's words and agrees to them (the clinic's access goes on without a break)."""
    runner = _runner(request)
    share = selectors.share_of(runner=runner, share_id=share_id)
    if share is None:
        raise Http404
    if share.withdrawn_at is not None or share.includes_activities:
        messages.info(request, _nothing_to_extend(runner, share))
        return redirect("accounts:account")
    form = ShareExtendForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        extended = services.share_extend(runner=runner, share_id=share.pk, language=_language())
        if extended is None:  # ended or extended meanwhile (another tab)
            messages.info(request, _nothing_to_extend(runner, share))
        else:
            messages.success(
                request,
                _("%(clinic)s can now also see the activities you import from a watch.")
                % {"clinic": share.clinic},
            )
        return redirect("accounts:account")
    return render(
        request,
        "clinic/share_extend.html",
        {
            "form": form,
            "share": share,
            "since": date_in_words(timezone.localdate(share.given_at)),
            "paragraphs": share_paragraphs(clinic_name=share.clinic.name),
        },
    )


def _nothing_to_extend(runner: User, share: Share) -> str:
    if selectors.shares_activities_with(runner=runner, clinic_id=share.clinic_id):
        return _("%(clinic)s already sees the activities you import from a watch.") % {
            "clinic": share.clinic
        }
    return _(
        "You no longer share your record with %(clinic)s, so there is nothing to add. To "
        "share again, you need a new code from the clinic."
    ) % {"clinic": share.clinic}
