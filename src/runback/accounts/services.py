"""Everything that changes accounts. Keyword-only, typed, one transaction each."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language

from runback.accounts.confirm import email_confirm_url, email_confirmation_token
from runback.accounts.consent import CONSENT_VERSION, consent_text
from runback.accounts.lockout import account_failures_clear
from runback.accounts.models import Clinic, Consent, Role, User, normalize_email
from runback.accounts.network import address_key
from runback.accounts.ratelimit import rate_limit_take
from runback.accounts.signals import consent_withdrawn
from runback.accounts.traces import login_log_rows

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
    email_confirmed: bool = True,
) -> User:
    """An account. Made by somebody else (staff, the demo) it counts as confirmed; a
    runner's own sign-up passes `email_confirmed=False` and confirms by the emailed link."""
    user = User.objects.create_user(
        email=normalize_email(email),
        password=password,
        role=role,
        name=name,
        clinic=clinic,
        language=language,
        email_confirmed_at=timezone.now() if email_confirmed else None,
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
@transaction.atomic
def consent_withdraw(*, user: User) -> int:
    """Withdraw every open consent of `user`; returns how many were open. Sharing with a
    clinic ends with it (`consent_withdrawn`)."""
    now = timezone.now()
    count = Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    if count:
        user.log_action("accounts.consent.withdrawn", actor=user)
        consent_withdrawn.send(sender=User, user=user)
    return count


@transaction.atomic
def runner_sign_up(*, email: str, password: str, language: str) -> User:
    """A new runner who has just ticked the consent box: account and consent together. The
    consent counts once the address is confirmed (`email_confirm`)."""
    user = user_create(
        email=email,
        password=password,
        role=Role.RUNNER,
        language=language,
        email_confirmed=False,
    )
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
                context={
                    "base_url": base_url,
                    "confirm_url": email_confirm_url(user=user, base_url=base_url),
                },
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
    """Count one request to email `email` for `purpose` ("password_reset", "signup").

    Allowed while the client is within its hourly number of requests, the client has asked
    for this email address fewer than a few times this hour, and the address has had fewer
    than a higher number of emails from all clients together. A request refused by the
    client's own limits does not use up the address's overall budget: one client can stop
    only its own requests, never the owner's emails. `client_address` is counted as
    `network.address_key` counts it (an IPv6 client by its /64)."""
    email = normalize_email(email)
    client = address_key(client_address) or "unknown"
    by_client = rate_limit_take(
        bucket=f"{purpose}:address",
        key=client,
        limit=settings.RUNBACK_RESET_REQUESTS_PER_HOUR_PER_ADDRESS,
    )
    by_email_and_client = rate_limit_take(
        bucket=f"{purpose}:email-client",
        key=f"{email}\0{client}",
        limit=settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL_AND_CLIENT,
    )
    if not (by_client and by_email_and_client):
        return False
    return rate_limit_take(
        bucket=f"{purpose}:email",
        key=email,
        limit=settings.RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL,
    )


def signup_allowed(*, client_address: str | None) -> bool:
    """Count one sign-up from `client_address` (new or known email alike, so the limit tells
    nothing about who has an account); True while the client is within its hourly number."""
    return rate_limit_take(
        bucket="signup:client",
        key=address_key(client_address) or "unknown",
        limit=settings.RUNBACK_SIGNUPS_PER_HOUR_PER_ADDRESS,
    )


@transaction.atomic
def email_confirm(*, uidb64: str, token: str) -> User | None:
    """Confirm the address of the account the link names, if the link is good: signed,
    not expired, not used (the first use changes what it signs). The account, or None."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None
    user = User.objects.select_for_update(of=("self",)).filter(pk=pk, is_active=True).first()
    if (
        user is None
        or user.email_confirmed
        or not email_confirmation_token.check_token(user, token)
    ):
        return None
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email_confirmed_at"])
    user.log_action("accounts.email.confirmed", actor=user)
    return user


def email_confirmation_send(*, user: User, base_url: str, client_address: str | None) -> bool:
    """Email `user` a new confirmation link, within the limits of password resets (per
    client, per address and client, per address). False when nothing was sent: the address
    is confirmed already, or a limit is reached."""
    if user.email_confirmed or not email_send_allowed(
        purpose="email_confirm", email=user.email, client_address=client_address
    ):
        return False
    _email_send(
        to=user.email,
        template="email_confirm",
        language=user.language,
        context={
            "base_url": base_url,
            "confirm_url": email_confirm_url(user=user, base_url=base_url),
        },
    )
    return True


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


def login_lockout_clear(*, email: str) -> int:
    """Lift every login lockout of the account `email`: axes' counts from every address (any
    spelling of the email) and the per-account ceiling. Called when the owner has proved
    they hold the email (a completed password reset). Returns how many axes rows went."""
    email = normalize_email(email)
    attempts = login_log_rows(email=email).get("axes.AccessAttempt")
    removed = attempts.delete()[0] if attempts is not None else 0
    account_failures_clear(username=email)
    return removed


def _email_send(*, to: str, template: str, language: str, context: dict[str, Any]) -> None:
    """Queue `accounts/email/<template>.txt` in `language`: sent after the response, through
    the outbox (a failing mail server is retried, never shown: the person's request has
    been handled either way)."""
    from runback.accounts.emails import template_email_queue

    template_email_queue(to=to, template=template, language=language, context=context)


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def user_set_region(*, user: User, region: str) -> None:
    """Where the runner lives (a key of RUNBACK_REGIONS): who they are told to call."""
    if user.region != region:
        user.region = region
        user.save(update_fields=["region"])
        user.log_action("accounts.region.changed", actor=user, data={"region": region})
