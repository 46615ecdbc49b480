"""Account pages. Thin: validate with a form, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import (
    LoginView,
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
)
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from runback.accounts import selectors, services, services_erasure
from runback.accounts.consent import CONSENT_VERSION, consent_paragraphs
from runback.accounts.emails import password_reset_queue
from runback.accounts.forms import (
    ConsentForm,
    DeleteAccountForm,
    LoginForm,
    PasswordChangeForm,
    RegionForm,
    SignUpForm,
)
from runback.accounts.forms import PasswordResetForm as RunbackPasswordResetForm
from runback.accounts.helplines import region_name
from runback.accounts.models import ErasedBy, User
from runback.accounts.network import client_ip_address
from runback.common.http import no_store

SIGNUP_EMAIL_SESSION_KEY = "runback_signup_email"


@no_store  # the form comes back with the email typed in
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """A new address gets its account; a known address changes nothing and its owner gets
    an email. Nobody is logged in here: both answers are the same redirect to the same
    "check your email" page, with a fresh session and CSRF cookie, and from there a new
    runner logs in with the password they chose (the email is filled in)."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services.signup_allowed(client_address=client_ip_address(request)):
            form.add_error(
                None,
                _(
                    "Too many sign-ups have come from your network in the last hour. "
                    "Please try again later."
                ),
            )
            return render(
                request,
                "accounts/signup.html",
                {"form": form, "consent_paragraphs": consent_paragraphs()},
                status=429,
            )
        email = form.cleaned_data["email"]
        services.runner_sign_up_or_notify(
            email=email,
            password=form.cleaned_data["password"],
            language=get_language() or "da",
            base_url=request.build_absolute_uri("/").rstrip("/"),
            client_address=client_ip_address(request),
        )
        request.session.cycle_key()
        rotate_token(request)
        request.session[SIGNUP_EMAIL_SESSION_KEY] = email
        return redirect("accounts:signup_done")
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "consent_paragraphs": consent_paragraphs()},
    )


@no_store  # shows the email
@require_http_methods(["GET"])
def signup_done(request: HttpRequest) -> HttpResponse:
    email = request.session.get(SIGNUP_EMAIL_SESSION_KEY)
    if not email:
        return redirect("accounts:signup")
    return render(request, "accounts/signup_done.html", {"email": email})


@no_store  # the link's token is in the address
@require_http_methods(["GET"])
def email_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link from the sign-up email: confirms the address, once. A used, expired or
    altered link is answered with a page that says so (400), and changes nothing."""
    user = services.email_confirm(uidb64=uidb64, token=token)
    if user is not None:
        if request.user.is_authenticated and request.user.pk == user.pk:
            messages.success(request, _("Thank you. Your email address is confirmed."))
            return redirect("home")
        return render(request, "accounts/email_confirmed.html")
    if isinstance(request.user, User) and request.user.email_confirmed:
        messages.info(request, _("Your email address is already confirmed."))
        return redirect("home")
    return render(request, "accounts/email_confirm_invalid.html", status=400)


@no_store  # shows the email
@login_required
@require_http_methods(["GET", "POST"])
def email_unconfirmed(request: HttpRequest) -> HttpResponse:
    """Until the address is confirmed a runner sees this page: what to do, and a button
    that sends the link again (rate-limited like password resets)."""
    user = request.user
    assert isinstance(user, User)
    if user.email_confirmed:
        return redirect("home")
    if request.method == "POST":
        if services.email_confirmation_send(
            user=user,
            base_url=request.build_absolute_uri("/").rstrip("/"),
            client_address=client_ip_address(request),
        ):
            messages.success(
                request, _("A new link is on its way to %(email)s.") % {"email": user.email}
            )
            return redirect("accounts:email_unconfirmed")
        return render(request, "accounts/email_unconfirmed.html", {"too_many": True}, status=429)
    return render(request, "accounts/email_unconfirmed.html", {"too_many": False})


class RunbackLoginView(LoginView):
    """Django's login; right after a sign-up the email typed there is filled in."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        email = self.request.session.get(SIGNUP_EMAIL_SESSION_KEY)
        if email:
            initial["username"] = email
        return initial

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        if self.request.session.get(SIGNUP_EMAIL_SESSION_KEY):  # the email is there already
            form.fields["username"].widget.attrs.pop("autofocus", None)
            form.fields["password"].widget.attrs["autofocus"] = True
        return form

    def form_valid(self, form: Any) -> HttpResponse:
        self.request.session.pop(SIGNUP_EMAIL_SESSION_KEY, None)
        return super().form_valid(form)


class RunbackPasswordChangeView(PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")
    form_class = PasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}


class RunbackPasswordResetView(PasswordResetView):
    """Django's reset page; at most a few emails an hour per address and per client. Over
    the limit nothing is sent, and the answer is the same page. The email is queued for
    any address and sent after the response (`accounts.emails`)."""

    template_name = "accounts/password_reset.html"
    form_class = RunbackPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if services.password_reset_allowed(
            email=email, client_address=client_ip_address(self.request)
        ):
            # Queued whether or not an account has the address; sent after the response.
            password_reset_queue(
                email=email,
                domain=self.request.get_host(),
                use_https=self.request.is_secure(),
                language=get_language() or "da",
            )
        return HttpResponseRedirect(self.get_success_url())


class RunbackPasswordResetConfirmView(PasswordResetConfirmView):
    """Django's "choose a new password" from the emailed link. The person has just proved
    they hold the account's email, so every login lockout of the account is lifted (the
    lockout page tells them to reset their password)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        response = super().form_valid(form)
        services.login_lockout_clear(email=form.user.email)
        return response


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if user.is_runner and not user.email_confirmed:  # consent counts only after that
        return redirect("accounts:email_unconfirmed")
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
    form = DeleteAccountForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        logout(request)
        services_erasure.user_delete(user=user, erased_by=ErasedBy.SELF)
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
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""  # only a path on this site; anything else goes to the account page
    form = RegionForm(request.POST or None, initial={"region": user.region})
    if request.method == "POST" and form.is_valid():
        services.user_set_region(user=user, region=form.cleaned_data["region"])
        messages.success(request, _("Your region is saved."))
        return redirect(next_url or "accounts:account")
    return render(request, "accounts/region.html", {"form": form, "next": next_url})
