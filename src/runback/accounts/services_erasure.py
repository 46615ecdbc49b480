"""Erasing a person and every trace of them (GDPR art. 17)."""

from __future__ import annotations

import inspect
from collections import Counter
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils.module_loading import import_string

from runback.accounts.models import ErasedBy, Erasure, User, normalize_email
from runback.accounts.signals import user_erasing
from runback.accounts.traces import admin_log_rows, login_log_rows, owned_objects, session_keys
from runback.outbox.services import emails_of_person_delete

# Task parameters that hold a person's id; any other `<thing>_id` parameter names a row
# of theirs when a row of a model called `<...thing>` goes with them (alert_id: Alert,
# batch_id: ImportBatch, booking_id: Booking).
TASK_PERSON_PARAMETERS = frozenset(
    {"user_id", "runner_id", "recipient_id", "clinician_id", "actor_id", "person_id"}
)


def _task_arguments(row: Any) -> dict[str, Any]:
    """The named arguments of a django-tasks result row (its function's parameters)."""
    args_kwargs = row.args_kwargs if isinstance(row.args_kwargs, dict) else {}
    args, kwargs = args_kwargs.get("args") or [], args_kwargs.get("kwargs") or {}
    try:
        func = getattr(import_string(row.task_path), "func", None)
        if func is not None:
            return dict(inspect.signature(func).bind_partial(*args, **kwargs).arguments)
    except (ImportError, TypeError, ValueError):
        pass
    return {**{str(n): v for n, v in enumerate(args)}, **kwargs}


def _names_person(arguments: dict[str, Any], *, user: User, owned: dict[str, set[str]]) -> bool:
    for name, value in arguments.items():
        if not name.endswith("_id") or isinstance(value, bool):
            continue
        if name in TASK_PERSON_PARAMETERS and str(value) == str(user.pk):
            return True
        thing = name[: -len("_id")].replace("_", "")
        if any(model.endswith(thing) and str(value) in ids for model, ids in owned.items()):
            return True
    return False


def _task_rows_scrub(*, user: User) -> Counter[str]:
    """The background tasks' result rows (django-tasks' database backend) that name `user`
    or a row of theirs: deleted, or, while a worker runs one, emptied of its arguments and
    traceback (the worker still saves its status). Counted by kind."""
    removed: Counter[str] = Counter()
    try:
        model = apps.get_model("django_tasks_database", "DBTaskResult")
    except LookupError:
        return removed
    owned = {
        content_type.model: set(ids)
        for content_type, ids in owned_objects(user=user)
        if content_type.model != "user"
    }
    for row in model._default_manager.all().iterator():
        if not _names_person(_task_arguments(row), user=user, owned=owned):
            continue
        if row.status == "RUNNING":
            row.args_kwargs = {"args": [], "kwargs": {}}
            row.traceback = ""
            row.save(update_fields=["args_kwargs", "traceback"])
            removed["django_tasks_database.DBTaskResult (emptied)"] += 1
        else:
            removed.update(model._default_manager.filter(pk=row.pk).delete()[1])
    return removed


@transaction.atomic
def user_delete(*, user: User, erased_by: str = ErasedBy.SELF) -> Erasure:
    """Erase the person and every trace of them (GDPR art. 17): the account, consents,
    the audit log of their record, their rehab history (through the cascade), their
    sessions, the login log and the admin log about them. What remains is an `Erasure`
    row with no personal data: when, which clinic, who asked (self or admin) and how
    many rows of each kind were removed."""
    user_erasing.send(sender=User, user=user)
    email = normalize_email(user.email)
    removed: Counter[str] = Counter()
    removed.update(_task_rows_scrub(user=user))
    for rows in login_log_rows(email=email).values():
        removed.update(rows.delete()[1])
    removed.update(Session.objects.filter(session_key__in=session_keys(user=user)).delete()[1])
    removed.update(admin_log_rows(user=user).delete()[1])
    removed.update(emails_of_person_delete(user_id=user.pk, email=email))
    erasure = Erasure(clinic=user.clinic, account_role=user.role, erased_by=erased_by)
    removed.update(user.delete()[1])
    erasure.removed = {label: count for label, count in sorted(removed.items()) if count}
    erasure.save()
    return erasure
