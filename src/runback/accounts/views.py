"""Account pages. Thin: validate with a form, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from runback.accounts import selectors, services
from runback.accounts.consent import CONSENT_VERSION, consent_paragraphs
from runback.accounts.forms import (
    ConsentForm,
    DeleteAccountForm,
    LoginForm,
    RegionForm,
    SignUpForm,
)
from runback.accounts.helplines import region_name
from runback.accounts.models import User


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.runner_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            language=get_language() or "da",
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Runback. Your account is ready."))
        return redirect("home")
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "consent_paragraphs": consent_paragraphs()},
    )


class RunbackLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    current = selectors.consent_current(user=user)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if current is None:
            services.consent_give(user=user, language=get_language())
            messages.success(request, _("Thank you. Your consent is recorded."))
        return redirect("home")
    return render(
        request,
        "accounts/consent.html",
        {
            "form": form,
            "current": current,
            "consent_paragraphs": consent_paragraphs(),
            "consent_version": CONSENT_VERSION,
        },
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    services.consent_withdraw(user=user)
    messages.info(
        request,
        _("Your consent is withdrawn. Runback stores no new health data about you."),
    )
    return redirect("accounts:account")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        services.user_delete(user=user)
        messages.success(request, _("Your account and all your data are deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    return render(
        request,
        "accounts/account.html",
        {
            "current_consent": selectors.consent_current(user=user),
            "region_name": region_name(user.region),
            "audit_entries": selectors.audit_entries_for(viewer=user, subject=user)[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def region(request: HttpRequest) -> HttpResponse:
    """Choose or change the region (the medical helpline shown); back to `next`."""
    user = request.user
    assert isinstance(user, User)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = RegionForm(request.POST or None, initial={"region": user.region})
    if request.method == "POST" and form.is_valid():
        services.user_set_region(user=user, region=form.cleaned_data["region"])
        messages.success(request, _("Your region is saved."))
        return redirect(next_url or "accounts:account")
    return render(request, "accounts/region.html", {"form": form, "next": next_url})
