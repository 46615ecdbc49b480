"""A person's export: everything Runback holds about them (GDPR art. 15 and 20)."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone

from runback.accounts.exporting import export_sections
from runback.accounts.helplines import region_name
from runback.accounts.models import AuditEntry, Consent, User, normalize_email
from runback.accounts.traces import admin_log_rows, login_log_rows, session_keys

EXPORT_FORMAT = "runback-export"
EXPORT_VERSION = 1  # docs/export-format.md; raise it when a field changes meaning or goes


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_by(*, actor: User | None, person: User) -> dict[str, Any] | None:
    """Who did something, as the export shows it: you, or somebody by role (and name)."""
    if actor is None:
        return None  # Runback itself
    if actor.pk == person.pk:
        return {"you": True, "role": actor.role}
    return {"you": False, "role": actor.role, "name": actor.name or actor.email}


def export_row(
    instance: models.Model, *, person: User, omit: set[str], by_field: str | None = None
) -> dict[str, Any]:
    """Every stored field of `instance` (generic, so a new column is exported the day it
    is added), without `omit`; `by_field` (a foreign key to a user) becomes `by`."""
    row: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in omit or field.name == by_field:
            continue
        value = getattr(instance, field.attname)
        row[field.attname] = _when(value) if hasattr(value, "isoformat") else value
    if by_field is not None:
        row["by"] = export_by(actor=getattr(instance, by_field), person=person)
    return row


def _login_log_export(*, email: str) -> dict[str, list[dict[str, Any]]]:
    names = {
        "axes.AccessLog": "logins",
        "axes.AccessFailureLog": "failed_logins",
        "axes.AccessAttempt": "lockout_counters",
    }
    log: dict[str, list[dict[str, Any]]] = {name: [] for name in names.values()}
    for label, rows in login_log_rows(email=email).items():
        log[names[label]] = [
            {
                "at": _when(row.attempt_time),
                "ip_address": row.ip_address,
                "user_agent": row.user_agent,
                "path": row.path_info,
                **({"logout_at": _when(row.logout_time)} if label == "axes.AccessLog" else {}),
                **({"locked_out": row.locked_out} if label == "axes.AccessFailureLog" else {}),
                **({"failures": row.failures_since_start} if label == "axes.AccessAttempt" else {}),
            }
            for row in rows.order_by("attempt_time", "pk")
        ]
    return log


def person_export(*, user: User, health: dict[str, Any]) -> dict[str, Any]:
    """Everything Runback holds about `user`, in the documented layout
    (docs/export-format.md); `health` holds the rehab sections (intake, events, advice)."""
    email = normalize_email(user.email)
    admin_actions = {1: "added", 2: "changed", 3: "deleted"}
    audit = (
        AuditEntry.objects.filter(subject=user).select_related("actor").order_by("created_at", "id")
    )
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "clinic": {"id": user.clinic.pk, "name": user.clinic.name} if user.clinic else None,
            "language": user.language,
            "region": user.region or None,
            "region_name": region_name(user.region) if user.region else None,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "email_confirmed_at": _when(user.email_confirmed_at),
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "permissions": sorted(
                f"{app}.{codename}"
                for app, codename in user.user_permissions.values_list(
                    "content_type__app_label", "codename"
                )
            ),
        },
        "consents": [
            {
                "version": c.version,
                "text": c.text,
                "language": c.language,
                "given_at": _when(c.given_at),
                "withdrawn_at": _when(c.withdrawn_at),
            }
            for c in Consent.objects.filter(user=user).order_by("given_at", "id")
        ],
        **health,
        **export_sections(user=user),
        "audit_log": [
            {
                "at": _when(e.created_at),
                "action": e.action,
                "data": e.data,
                "by": export_by(actor=e.actor, person=user),
            }
            for e in audit
        ],
        "login_log": _login_log_export(email=email),
        "admin_log": [
            {
                "at": _when(e.action_time),
                "action": admin_actions.get(e.action_flag, str(e.action_flag)),
                "object_type": e.content_type.model if e.content_type else None,
                "object": e.object_repr,
                "change_message": e.get_change_message(),
                "by": export_by(actor=e.user, person=user),
            }
            for e in admin_log_rows(user=user)
            .select_related("user", "content_type")
            .order_by("action_time", "id")
        ],
        "sessions": [
            {"expires_at": _when(s.expire_date)}
            for s in Session.objects.filter(session_key__in=session_keys(user=user))
        ],
    }
