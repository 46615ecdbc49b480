"""The email backend of a production deployment that has no SMTP server configured."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class UnsentEmailBackend(BaseEmailBackend):
    """Drops every email and logs only that it was not sent: never its recipients, subject
    or body, since a password-reset email holds a link that opens the account."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if email_messages:
            logger.warning(
                "%d email(s) not sent: no SMTP server is configured (set RUNBACK_EMAIL_HOST).",
                len(email_messages),
            )
        return 0


def emails_are_sent() -> bool:
    """False on a deployment without a mail server: then no page may say "you will get an
    email" (bookings, reminders)."""
    backend: str = settings.EMAIL_BACKEND
    return backend != f"{UnsentEmailBackend.__module__}.{UnsentEmailBackend.__name__}"
