"""Forms for signing up, logging in and giving consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from runback.accounts.helplines import region_choices
from runback.accounts.models import User, normalize_email
from runback.accounts.services import user_password_check


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters. Not just numbers, and not a common password."),
    )
    consent = forms.BooleanField(
        label=_("I consent to Runback processing my health data as described above."),
        required=True,
        error_messages={
            "required": _("Runback cannot store anything about your back without your consent.")
        },
    )

    def clean_email(self) -> str:
        # No "already an account" error: that would tell anyone who uses Runback. The
        # view answers the same for a new and a known address (services.runner_sign_up_or_notify).
        return normalize_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            try:
                password_validation.validate_password(
                    password, User(email=cleaned.get("email", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form; a wrong current password counts towards the login lockout."""

    def __init__(self, user: User, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        if not user_password_check(request=self.request, user=self.user, password=old_password):
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class StaffLoginForm(AdminAuthenticationForm):
    """The admin's login form. The right password of an account that is not staff is
    refused like a wrong one *and counted like one*, so the lockout cannot be used to learn
    any runner's password through /admin/login/."""

    def confirm_login_allowed(self, user: User) -> None:
        if not (user.is_active and user.is_staff):
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username(), "password": "********"},
                request=self.request,
            )
        super().confirm_login_allowed(user)


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_username(self) -> str:
        return normalize_email(self.cleaned_data["username"])


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form; the address is normalised as at sign-up and login (IDNA, case,
    Unicode), so any spelling of the mailbox finds its one account."""

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        # A wrong password counts towards the login lockout.
        if not user_password_check(request=self.request, user=self.user, password=password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I consent to Runback processing my health data as described above."),
        required=True,
        error_messages={
            "required": _("Runback cannot store anything about your back without your consent.")
        },
    )


class RegionForm(forms.Form):
    """Where the runner lives: decides which medical helpline they are shown."""

    region = forms.ChoiceField(
        label=_("Which region do you live in?"),
        help_text=_("We use it only to show the right medical helpline if you need a doctor."),
        widget=forms.RadioSelect(attrs={"class": "choices"}),
        error_messages={
            "required": _("Choose your region."),
            "invalid_choice": _("Choose one of the regions in the list."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()  # type: ignore[attr-defined]
