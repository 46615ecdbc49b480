"""The link that confirms an account's email address: signed (Django's token generator,
as for password resets, with its own salt) and good once, since the hash covers the
moment of confirmation, which the first use sets. It lasts PASSWORD_RESET_TIMEOUT (three
days); the page that asks for confirmation sends a new one."""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from runback.accounts.models import User


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "runback.accounts.confirm.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}\0{user.email}\0{user.email_confirmed_at}\0{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()


def email_confirm_url(*, user: User, base_url: str) -> str:
    """The absolute link that confirms `user`'s address."""
    path = reverse(
        "accounts:email_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_confirmation_token.make_token(user),
        },
    )
    return f"{base_url.rstrip('/')}{path}"
