"""Account pages. Thin: validate with a form, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runback.accounts import selectors, services
from runback.accounts.consent import CONSENT_VERSION, consent_paragraphs
from runback.accounts.forms import ConsentForm, DeleteAccountForm, LoginForm, SignUpForm
from runback.accounts.models import ErasedBy, User


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
            "latest": selectors.consent_latest(user=user),
            "consent_paragraphs": consent_paragraphs(),
            "consent_version": CONSENT_VERSION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    """Withdrawing consent asks first: a page that says what stops, what stays available
    and how to erase everything; only its button withdraws."""
    user = request.user
    assert isinstance(user, User)
    current = selectors.consent_current(user=user)
    if current is None:
        return redirect("accounts:account")
    if request.method == "POST" and request.POST.get("confirm") == "withdraw":
        services.consent_withdraw(user=user)
        messages.info(
            request,
            _(
                "Your consent is withdrawn. Runback stores no new health data about you and "
                "no longer works out your plan. Your history and your data are still here."
            ),
        )
        return redirect("accounts:account")
    return render(request, "accounts/consent_withdraw.html", {"current": current})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        services.user_delete(user=user, erased_by=ErasedBy.SELF)
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
            "latest_consent": selectors.consent_latest(user=user),
            "audit_entries": selectors.audit_entries_for(viewer=user, subject=user)[:50],
        },
    )
