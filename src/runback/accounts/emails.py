"""The account emails (password reset, sign-up), sent through the outbox after the
response: the request only queues a row, the same for an address with or without an
account, so neither the answer nor its timing tells whether the address has one."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from runback.outbox.services import email_queue

RESET_EMAIL = "accounts.password_reset"
TEMPLATE = "accounts.template"


def template_email_queue(*, to: str, template: str, language: str, context: dict[str, Any]) -> None:
    """Queue `accounts/email/<template>.txt` in `language` to `to` (context: plain values)."""
    email_queue(
        key=f"{TEMPLATE}:{template}:{uuid.uuid4().hex}",
        purpose=TEMPLATE,
        params={"to": to, "template": template, "language": language, "context": context},
    )


def template_email_build(params: dict[str, Any]) -> EmailMessage:
    template, context = params["template"], params["context"]
    with translation.override(params["language"]):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [params["to"]])


def password_reset_queue(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Queue a reset for whatever account `email` names (perhaps none): the account is
    looked up, and its link made, only when the email is sent."""
    email_queue(
        key=f"{RESET_EMAIL}:{uuid.uuid4().hex}",
        purpose=RESET_EMAIL,
        params={"email": email, "domain": domain, "https": use_https, "language": language},
    )


def password_reset_email_build(params: dict[str, Any]) -> EmailMessage | None:
    """Django's reset email (its users: active, with a usable password); None when no
    account has the address."""
    user = next(iter(PasswordResetForm().get_users(params["email"])), None)
    if user is None:
        return None
    context = {
        "email": params["email"],
        "domain": params["domain"],
        "site_name": params["domain"],
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if params["https"] else "http",
    }
    with translation.override(params["language"]):
        subject = render_to_string("accounts/email/password_reset_subject.txt", context)
        body = render_to_string("accounts/email/password_reset.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [user.email])
