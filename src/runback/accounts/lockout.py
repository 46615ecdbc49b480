"""The login lockout: django-axes per (account, client address), plus a ceiling per account.

Axes locks an account from one address after `RUNBACK_LOGIN_FAILURE_LIMIT` failures (IPv6
counted by /64), so the owner on another address can still log in. On its own that lets
somebody with many addresses guess without end; so every failed password check of an
account also counts in the shared cache (`runback.accounts.ratelimit`), from whatever
address, and after `RUNBACK_LOGIN_ACCOUNT_LIMIT` failures within the hour no password of
that account is checked any more, from anywhere, until the hour is over or the password is
reset. Every path that checks a password goes through `authenticate`, so this holds for
the site login, the admin login, "change password" and "delete account".
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.http import HttpRequest

from runback.accounts.models import normalize_email
from runback.accounts.network import axes_username
from runback.accounts.ratelimit import rate_limit_add, rate_limit_clear, rate_limit_count

ACCOUNT_BUCKET = "login:account"
PERIOD_SECONDS = 3600
# Set on a request whose password was not checked because of a lockout: its "failure"
# guessed nothing and does not count again.
REFUSED = "runback_login_refused"


def account_login_allowed(*, username: str) -> bool:
    """May a password of this account be checked now (under the per-account ceiling)?"""
    count = rate_limit_count(bucket=ACCOUNT_BUCKET, key=normalize_email(username))
    return count < settings.RUNBACK_LOGIN_ACCOUNT_LIMIT


def account_failure_count(*, username: str) -> int:
    return rate_limit_add(
        bucket=ACCOUNT_BUCKET, key=normalize_email(username), period_seconds=PERIOD_SECONDS
    )


def account_failures_clear(*, username: str) -> None:
    rate_limit_clear(bucket=ACCOUNT_BUCKET, key=normalize_email(username))


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes' backend (first in AUTHENTICATION_BACKENDS): refuses a locked-out attempt
    before any password is checked, the per-address lockout and the per-account ceiling
    alike; axes' middleware then answers with the lockout page."""

    def authenticate(
        self,
        request: HttpRequest,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        try:
            super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            setattr(request, REFUSED, True)
            raise
        if not getattr(settings, "AXES_ENABLED", True):
            return None
        account = axes_username(request, {settings.AXES_USERNAME_FORM_FIELD: username})
        if account and not account_login_allowed(username=account):
            setattr(request, REFUSED, True)
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("Too many failed logins for this account")
        return None


def login_failure_count(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """`user_login_failed`: one more failed password check of the account (not counted
    when the password was not checked at all because of a lockout)."""
    if request is None or getattr(request, REFUSED, False):
        return
    account = axes_username(request, credentials)
    if account:
        account_failure_count(username=account)
