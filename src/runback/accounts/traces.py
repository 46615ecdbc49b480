"""Where a person's data lies outside their own rows: the login log (django-axes), the
sessions and the admin log. Read by the erasure, the export and the lockout."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import Q

from runback.accounts.models import User, normalize_email

# The login log (django-axes): each row names the account by the username typed at login.
AXES_MODELS = ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog")


def login_log_rows(*, email: str) -> dict[str, models.QuerySet[Any]]:
    """The axes rows of `email`, by model label (typed in any case, with any spaces)."""
    rows: dict[str, models.QuerySet[Any]] = {}
    for label in AXES_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:  # axes not installed
            continue
        candidates = model._default_manager.filter(username__icontains=email)
        pks = [
            pk
            for pk, username in candidates.values_list("pk", "username")
            if normalize_email(username or "") == email
        ]
        rows[label] = model._default_manager.filter(pk__in=pks)
    return rows


def _holds_email(value: Any, pattern: re.Pattern[str]) -> bool:
    """Does `value` (a session value: text, number, list, dict) hold the email?"""
    if isinstance(value, str):
        return pattern.search(value) is not None
    if isinstance(value, dict):
        return any(_holds_email(v, pattern) or _holds_email(k, pattern) for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return any(_holds_email(v, pattern) for v in value)
    return False


def _email_pattern(email: str) -> re.Pattern[str]:
    """The email as a whole word, in any case: `x{email}` or `{email}.dk` is someone else."""
    return re.compile(rf"(?<![\w.%+-]){re.escape(email)}(?![\w-]|\.[\w-])", re.IGNORECASE)


def session_keys(*, user: User) -> list[str]:
    """The keys of the sessions (database sessions) logged in as `user`, and of every other
    session holding their email (e.g. a sign-up's "check your email" page, not logged in)."""
    pattern = _email_pattern(normalize_email(user.email))
    keys = []
    for session in Session.objects.all().iterator():
        data = session.get_decoded()
        if data.get("_auth_user_id") == str(user.pk) or _holds_email(data, pattern):
            keys.append(session.session_key)
    return keys


def owned_objects(*, user: User) -> list[tuple[ContentType, list[str]]]:
    """Every row that is deleted with `user` (the cascade), by content type: the admin
    log names them by id and by their text (which may hold the email)."""
    owned = [(ContentType.objects.get_for_model(User), [str(user.pk)])]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is User
                and field.remote_field.on_delete is models.CASCADE
                and model is not LogEntry
            ):
                pks = model._default_manager.filter(**{field.name: user}).values_list(
                    "pk", flat=True
                )
                ids = [str(pk) for pk in pks]
                if ids:
                    owned.append((ContentType.objects.get_for_model(model), ids))
    return owned


def admin_log_rows(*, user: User) -> models.QuerySet[LogEntry]:
    """Admin log entries by `user`, about `user` or about anything of theirs."""
    # By name too, for rows of theirs already gone (a user and a consent are named by
    # the email, a consent as "EMAIL VERSION DATE"); never a mere substring, which could
    # be somebody else's address.
    email = normalize_email(user.email)
    about = Q(user=user) | Q(object_repr__iexact=email) | Q(object_repr__istartswith=f"{email} ")
    for content_type, ids in owned_objects(user=user):
        about |= Q(content_type=content_type, object_id__in=ids)
    return LogEntry.objects.filter(about)
