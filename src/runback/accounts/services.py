"""Everything that changes accounts. Keyword-only, typed, one transaction each."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language

from runback.accounts.consent import CONSENT_VERSION, consent_text
from runback.accounts.models import Clinic, Consent, Role, User, normalize_email
from runback.accounts.ratelimit import rate_limit_take

logger = logging.getLogger(__name__)


def clinic_create(*, name: str) -> Clinic:
    return Clinic.objects.create(name=name)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    role: str = Role.RUNNER,
    name: str = "",
    clinic: Clinic | None = None,
    language: str = "da",
    actor: User | None = None,
) -> User:
    user = User.objects.create_user(
        email=normalize_email(email),
        password=password,
        role=role,
        name=name,
        clinic=clinic,
        language=language,
    )
    user.log_action("accounts.user.created", actor=actor or user, data={"role": role})
    return user


@transaction.atomic
def consent_give(*, user: User, language: str | None = None) -> Consent:
    """Record that `user` accepted the current consent text, in the words they saw."""
    consent = Consent.objects.create(
        user=user,
        version=CONSENT_VERSION,
        text=consent_text(),
        language=language or get_language() or "da",
    )
    user.log_action("accounts.consent.given", actor=user, data={"version": CONSENT_VERSION})
    return consent


@transaction.atomic
def consent_withdraw(*, user: User) -> int:
    """Withdraw every open consent of `user`; returns how many were open."""
    now = timezone.now()
    count = Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    if count:
        user.log_action("accounts.consent.withdrawn", actor=user)
    return count


@transaction.atomic
def runner_sign_up(*, email: str, password: str, language: str) -> User:
    """A new runner who has just ticked the consent box: account and consent together."""
    user = user_create(email=email, password=password, role=Role.RUNNER, language=language)
    consent_give(user=user, language=language)
    return user


def runner_sign_up_or_notify(
    *, email: str, password: str, language: str, base_url: str, client_address: str | None
) -> User | None:
    """Sign-up that does not tell anyone who has an account.

    A new address gets the account and consent (`runner_sign_up`) and a welcome email; the
    new user is returned. An address that already has an account changes nothing: its owner
    gets an email ("someone tried to sign up with your address; log in or reset your
    password"), at most a few an hour, and None is returned. Both take about as long (the
    password is hashed either way), so the caller can answer the same.
    """
    email = normalize_email(email)
    existing = User.objects.filter(email=email).first()
    if existing is None:
        try:
            user = runner_sign_up(email=email, password=password, language=language)
        except IntegrityError:  # the same address signed up a moment ago
            existing = User.objects.filter(email=email).first()
        else:
            _email_send(
                to=email,
                template="signup_welcome",
                language=language,
                context={"base_url": base_url},
            )
            return user
    make_password(password)  # the time a new account's password hash takes
    if existing is not None and email_send_allowed(
        purpose="signup", email=email, client_address=client_address
    ):
        _email_send(
            to=email,
            template="signup_existing",
            language=existing.language,
            context={"base_url": base_url},
        )
    return None


def email_send_allowed(*, purpose: str, email: str, client_address: str | None) -> bool:
    """Count one request to email `email` for `purpose` ("password_reset", "signup"): allowed
    while both the address and the client's address are within their hourly limits."""
    by_email = rate_limit_take(
        bucket=f"{purpose}:email",
        key=normalize_email(email),
        limit=settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL,
    )
    by_client = rate_limit_take(
        bucket=f"{purpose}:address",
        key=client_address or "unknown",
        limit=settings.RUNBACK_RESET_REQUESTS_PER_HOUR_PER_ADDRESS,
    )
    return by_email and by_client


def password_reset_allowed(*, email: str, client_address: str | None) -> bool:
    """May we send a password-reset email to `email` now? (Asked for every request, whether
    or not the address has an account, so the limit tells nothing either.)"""
    return email_send_allowed(purpose="password_reset", email=email, client_address=client_address)


def user_password_check(*, request: HttpRequest, user: User, password: str) -> bool:
    """Is `password` the password of `user`? Asked the way a login asks, through django-axes:
    a wrong password counts towards the same lockout as a failed login, and while the
    account is locked out from this address even the right one is refused (and the
    lockout page is shown)."""
    authenticated = authenticate(request, username=user.get_username(), password=password)
    return authenticated is not None and authenticated.pk == user.pk


def _email_send(*, to: str, template: str, language: str, context: dict[str, Any]) -> None:
    """Send `accounts/email/<template>.txt` in `language`; a failing mail server is logged,
    never shown (the person's request has been handled either way)."""
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [to])
    except (OSError, smtplib.SMTPException):
        logger.warning("Could not send the %s email.", template, exc_info=True)


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase the person and everything stored about them (GDPR art. 17): consents,
    audit entries about them and, through the cascade, their rehab history."""
    user.delete()


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
