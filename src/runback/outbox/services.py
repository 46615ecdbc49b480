"""Queue, claim and send the emails that matter (see `docs/tasks.md`).

`email_queue` writes the row (in the caller's transaction) and asks for it to be sent:
after the response has gone out when it was queued in a request (so a page never waits
for the mail server, and how long it takes tells nothing about the address), after the
commit otherwise, or by `runback worker` when tasks are queued in the database. Whoever
sends claims the row first with a conditional UPDATE: two senders never send one email
twice. `deliver_due` (the worker's loop, `runback outbox send`, `runback reminders send`)
sends what is due again: a failed attempt, or one whose sender died."""

from __future__ import annotations

import hashlib
import logging
import smtplib
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from runback.outbox.models import Email, EmailStatus

logger = logging.getLogger(__name__)

# purpose -> the function that makes the message from the row's params (None: there is
# nothing to send any more, e.g. the account was erased or no account has the address).
BUILDERS = {
    "clinic.alert": "runback.clinic.tasks.alert_email_build",
    "assessments.booking": "runback.assessments.tasks.booking_email_build",
    "reminders.reminder": "runback.reminders.services.reminder_email_build",
    "accounts.password_reset": "runback.accounts.emails.password_reset_email_build",
    "accounts.template": "runback.accounts.emails.template_email_build",
}
# Called by every sweep: queue what a process that died before queueing it left behind.
RECONCILERS = ("runback.clinic.tasks.alerts_unqueued_queue",)

Builder = Callable[[dict[str, Any]], EmailMessage | None]


# --- queueing ---------------------------------------------------------------------------------


def email_queue(
    *,
    key: str,
    purpose: str,
    params: dict[str, Any],
    about_id: int | None = None,
    dispatch: bool = True,
) -> Email:
    """The email `key`, queued once (a second call returns the first row and sends
    nothing more). With `dispatch`, it is sent soon (see the module)."""
    if purpose not in BUILDERS:
        raise ValueError(f"unknown email purpose {purpose!r}")
    email, created = Email.objects.get_or_create(
        key=key, defaults={"purpose": purpose, "params": params, "about_id": about_id}
    )
    if created and dispatch:
        email_dispatch(email.pk)
    return email


_local = threading.local()


def request_collect(**_kwargs: Any) -> None:
    """`request_started`: emails queued in this request wait for its end."""
    _local.pending = []


def request_deliver(**_kwargs: Any) -> None:
    """`request_finished` (the response has been sent): send what the request queued."""
    pending: list[int] | None = getattr(_local, "pending", None)
    _local.pending = None
    if not pending:
        return
    for pk in pending:
        _deliver_safely(pk)
    _deliver_due_safely()  # a sender is at work anyway: retry what is due


def email_dispatch(pk: int) -> None:
    if _tasks_are_queued():
        transaction.on_commit(lambda: outbox_deliver.enqueue(pk))
        return
    pending: list[int] | None = getattr(_local, "pending", None)
    if pending is not None:
        pending.append(pk)  # a rolled-back row is simply not found then
        return
    transaction.on_commit(lambda: _deliver_safely(pk))


def _tasks_are_queued() -> bool:
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)


# --- sending ----------------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: doubling, capped."""
    base = settings.RUNBACK_EMAIL_RETRY_SECONDS
    seconds = min(base * 2 ** max(attempts - 1, 0), settings.RUNBACK_EMAIL_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds)


def _claimable(now: datetime) -> QuerySet[Email]:
    return Email.objects.filter(status=EmailStatus.PENDING, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def deliver(pk: int, *, now: datetime | None = None) -> str:
    """Send the email `pk` if it is due and nobody else is sending it. Returns its status
    afterwards, or "busy" when another sender has it (or it is not due)."""
    now = now or timezone.now()
    claim = uuid.uuid4().hex
    lease = now + timedelta(seconds=settings.RUNBACK_EMAIL_LEASE_SECONDS)
    if (
        not _claimable(now)
        .filter(pk=pk)
        .update(claimed_until=lease, claim=claim, attempts=F("attempts") + 1)
    ):
        return "busy"
    email = Email.objects.get(pk=pk)
    mine = Email.objects.filter(pk=pk, claim=claim)
    try:
        message = _build(email)
        if message is None:
            mine.update(status=EmailStatus.SKIPPED, claimed_until=None)
            return EmailStatus.SKIPPED
        if not message.send():
            raise smtplib.SMTPException("no mail server accepted the email")
    except Exception as error:  # any failure is retried; the reason is kept for the operator
        return _failed(email, mine, error, now=timezone.now())
    mine.update(status=EmailStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error="")
    return EmailStatus.SENT


def _build(email: Email) -> EmailMessage | None:
    builder: Builder = import_string(BUILDERS[email.purpose])
    message = builder(email.params)
    if message is not None:
        # The same id at every attempt: a mail system that got it twice can tell.
        digest = hashlib.sha256(email.key.encode()).hexdigest()[:32]
        host = urlsplit(settings.RUNBACK_BASE_URL).hostname or "runback"
        message.extra_headers["Message-ID"] = f"<{digest}@{host}>"
    return message


def _error_text(error: BaseException) -> str:
    """What went wrong, without an address or any of the message (SMTP replies may hold
    the recipient): the exception's class and the server's reply code."""
    code = getattr(error, "smtp_code", None)
    text = type(error).__name__ + (f" {code}" if code else "")
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(c) for c, _m in error.recipients.values()})
        text += " " + ",".join(codes)
    return text[:200]


def _failed(email: Email, mine: QuerySet[Email], error: BaseException, *, now: datetime) -> str:
    attempts = email.attempts
    error_text = _error_text(error)
    logger.warning(
        "Email %s (%s) not sent, attempt %d: %s", email.pk, email.purpose, attempts, error_text
    )
    if attempts >= settings.RUNBACK_EMAIL_MAX_ATTEMPTS:
        mine.update(
            status=EmailStatus.FAILED, failed_at=now, claimed_until=None, last_error=error_text
        )
        return EmailStatus.FAILED
    mine.update(next_attempt_at=now + backoff(attempts), claimed_until=None, last_error=error_text)
    return EmailStatus.PENDING


def deliver_due(*, limit: int = 100, now: datetime | None = None) -> dict[str, int]:
    """Send the emails due now (retries, and emails whose sender died: unsent a lease after
    they were queued), after queueing what
    a dead process left unqueued; forget sent emails after RUNBACK_EMAIL_KEEP_DAYS.
    Returns how many ended in each status."""
    for path in RECONCILERS:
        import_string(path)()
    now = now or timezone.now()
    counts: dict[str, int] = {}
    # A fresh email is being sent by the process that queued it; after a lease it is not.
    lease = timedelta(seconds=settings.RUNBACK_EMAIL_LEASE_SECONDS)
    due = _claimable(now).filter(Q(attempts__gt=0) | Q(created_at__lt=now - lease))
    due = due.order_by("next_attempt_at", "pk")
    pks = list(due.values_list("pk", flat=True)[:limit])
    for pk in pks:
        status = deliver(pk, now=now)
        counts[status] = counts.get(status, 0) + 1
    keep = now - timedelta(days=settings.RUNBACK_EMAIL_KEEP_DAYS)
    Email.objects.filter(
        status__in=[EmailStatus.SENT, EmailStatus.SKIPPED], created_at__lt=keep
    ).delete()
    return counts


def _deliver_safely(pk: int) -> None:
    try:
        deliver(pk)
    except Exception:  # the row stays due; the next sweep sends it
        logger.warning("Could not send email %s now; it stays queued.", pk, exc_info=True)


def _deliver_due_safely() -> None:
    try:
        deliver_due(limit=10)
    except Exception:
        logger.warning("Could not retry the queued emails now.", exc_info=True)


# --- for the operator and the pages -----------------------------------------------------------


def undelivered() -> QuerySet[Email]:
    """Emails a person may be waiting for: failed for good, or failing (retried)."""
    return Email.objects.filter(
        Q(status=EmailStatus.FAILED) | Q(status=EmailStatus.PENDING, attempts__gt=0)
    ).exclude(last_error="")


def retry_failed(*, purpose: str | None = None) -> int:
    """Put the emails that failed for good back in the queue (after fixing the mail
    server): each is tried again now, from a fresh count of attempts."""
    failed = Email.objects.filter(status=EmailStatus.FAILED)
    if purpose:
        failed = failed.filter(purpose=purpose)
    return failed.update(
        status=EmailStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), failed_at=None
    )


def status_counts() -> dict[str, int]:
    counts = {s: 0 for s in EmailStatus.values}
    for row in Email.objects.values("status").order_by().annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    counts["failing"] = Email.objects.filter(status=EmailStatus.PENDING, attempts__gt=0).count()
    return counts


def emails_of_person_delete(*, user_id: int, email: str) -> dict[str, int]:
    """Erasure (GDPR art. 17): forget every queued or sent email to or about the person,
    by their id or their address. Returns the rows removed, by model."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    by_id = Q(params__user_id=user_id) | Q(params__runner_id=user_id)
    by_id |= Q(params__recipient_id=user_id)
    by_address = Q(params_text__icontains=email)
    rows = Email.objects.annotate(params_text=Cast("params", TextField())).filter(
        by_id | by_address
    )
    return Email.objects.filter(pk__in=list(rows.values_list("pk", flat=True))).delete()[1]


@task()
def outbox_deliver(email_id: int) -> str:
    """The task that sends one queued email (with RUNBACK_TASK_WORKER=1, run by `runback
    worker`; a retry is sent by the worker's sweep, `deliver_due`)."""
    return deliver(email_id)
