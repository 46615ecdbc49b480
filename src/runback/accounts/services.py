"""Everything that changes accounts. Keyword-only, typed, one transaction each."""

from __future__ import annotations

import inspect
import logging
import re
from collections import Counter
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from runback.accounts.confirm import email_confirm_url, email_confirmation_token
from runback.accounts.consent import CONSENT_VERSION, consent_text
from runback.accounts.exporting import export_sections
from runback.accounts.helplines import region_name
from runback.accounts.lockout import account_failures_clear
from runback.accounts.models import (
    AuditEntry,
    Clinic,
    Consent,
    ErasedBy,
    Erasure,
    Role,
    User,
    normalize_email,
)
from runback.accounts.network import address_key
from runback.accounts.ratelimit import rate_limit_take
from runback.accounts.signals import consent_withdrawn, user_erasing
from runback.outbox.services import emails_of_person_delete

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
    attempts = _login_log_rows(email=email).get("axes.AccessAttempt")
    removed = attempts.delete()[0] if attempts is not None else 0
    account_failures_clear(username=email)
    return removed


def _email_send(*, to: str, template: str, language: str, context: dict[str, Any]) -> None:
    """Queue `accounts/email/<template>.txt` in `language`: sent after the response, through
    the outbox (a failing mail server is retried, never shown: the person's request has
    been handled either way)."""
    from runback.accounts.emails import template_email_queue

    template_email_queue(to=to, template=template, language=language, context=context)


# --- erasure (GDPR art. 17) -------------------------------------------------------------------

# The login log (django-axes): each row names the account by the username typed at login.
AXES_MODELS = ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog")


def _login_log_rows(*, email: str) -> dict[str, models.QuerySet[Any]]:
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


def _session_keys(*, user: User) -> list[str]:
    """The keys of the sessions (database sessions) logged in as `user`, and of every other
    session holding their email (e.g. a sign-up's "check your email" page, not logged in)."""
    pattern = _email_pattern(normalize_email(user.email))
    keys = []
    for session in Session.objects.all().iterator():
        data = session.get_decoded()
        if data.get("_auth_user_id") == str(user.pk) or _holds_email(data, pattern):
            keys.append(session.session_key)
    return keys


def _owned_objects(*, user: User) -> list[tuple[ContentType, list[str]]]:
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


def _admin_log_rows(*, user: User) -> models.QuerySet[LogEntry]:
    """Admin log entries by `user`, about `user` or about anything of theirs."""
    # By name too, for rows of theirs already gone (a user and a consent are named by
    # the email, a consent as "EMAIL VERSION DATE"); never a mere substring, which could
    # be somebody else's address.
    email = normalize_email(user.email)
    about = Q(user=user) | Q(object_repr__iexact=email) | Q(object_repr__istartswith=f"{email} ")
    for content_type, ids in _owned_objects(user=user):
        about |= Q(content_type=content_type, object_id__in=ids)
    return LogEntry.objects.filter(about)


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
        for content_type, ids in _owned_objects(user=user)
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
    for rows in _login_log_rows(email=email).values():
        removed.update(rows.delete()[1])
    removed.update(Session.objects.filter(session_key__in=_session_keys(user=user)).delete()[1])
    removed.update(_admin_log_rows(user=user).delete()[1])
    removed.update(emails_of_person_delete(user_id=user.pk, email=email))
    erasure = Erasure(clinic=user.clinic, account_role=user.role, erased_by=erased_by)
    removed.update(user.delete()[1])
    erasure.removed = {label: count for label, count in sorted(removed.items()) if count}
    erasure.save()
    return erasure


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# --- export (GDPR art. 15 and 20) -----------------------------------------------------------------

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
    for label, rows in _login_log_rows(email=email).items():
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
            for e in _admin_log_rows(user=user)
            .select_related("user", "content_type")
            .order_by("action_time", "id")
        ],
        "sessions": [
            {"expires_at": _when(s.expire_date)}
            for s in Session.objects.filter(session_key__in=_session_keys(user=user))
        ],
    }


@transaction.atomic
def user_set_region(*, user: User, region: str) -> None:
    """Where the runner lives (a key of RUNBACK_REGIONS): who they are told to call."""
    if user.region != region:
        user.region = region
        user.save(update_fields=["region"])
        user.log_action("accounts.region.changed", actor=user, data={"region": region})
