"""Sending reminders (once each) and the runner's choices about them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from runback.accounts.models import User
from runback.outbox.models import EmailStatus
from runback.outbox.services import deliver, email_queue
from runback.reminders import selectors
from runback.reminders.models import ReminderKind, ReminderPreference, ReminderSent

REMINDER_EMAIL = "reminders.reminder"
UNSUBSCRIBE_SALT = "runback.reminders.unsubscribe"
LINKS = {
    ReminderKind.MORNING: "rehab:checkin_followup",
    ReminderKind.WEEKLY: "rehab:checkin_status",
    ReminderKind.NUDGE: "rehab:today",
}


# --- unsubscribe ------------------------------------------------------------------------------


def unsubscribe_token(*, runner: User, kind: str) -> str:
    """A signed link token naming the runner and the kind of reminder; it does not expire
    (an old email's link must still work) and opens nothing else."""
    return signing.dumps({"r": runner.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[User, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in ReminderKind.values:
        return None
    runner_id = data.get("r")
    if not isinstance(runner_id, int):
        return None
    runner = User.objects.filter(pk=runner_id, is_active=True).first()
    return (runner, str(data["k"])) if runner is not None else None


def preference_save(*, runner: User, **choices: Any) -> ReminderPreference:
    preference, _created = ReminderPreference.objects.get_or_create(runner=runner)
    for name, value in choices.items():
        setattr(preference, name, value)
    preference.updated_at = timezone.now()
    preference.save()
    return preference


def unsubscribe(*, runner: User, kind: str) -> ReminderPreference:
    return preference_save(runner=runner, **{kind: False})


# --- sending ----------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.RUNBACK_BASE_URL.rstrip("/") + path


def reminder_email(*, runner: User, kind: str, day: date) -> EmailMessage:
    """The email, in the runner's language, with a one-click unsubscribe (RFC 8058)."""
    unsubscribe_url = _absolute(
        reverse("reminders:unsubscribe", args=[unsubscribe_token(runner=runner, kind=kind)])
    )
    context = {
        "runner": runner,
        "link": _absolute(reverse(LINKS[ReminderKind(kind)])),
        "preferences_url": _absolute(reverse("reminders:preferences")),
        "unsubscribe_url": unsubscribe_url,
        "day": day,
        "nudge_days": settings.RUNBACK_REMINDER_NUDGE_DAYS,
    }
    with translation.override("en" if runner.language == "en" else "da"):
        subject = render_to_string(f"reminders/email/{kind}_subject.txt", context)
        body = render_to_string(f"reminders/email/{kind}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[runner.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def reminder_send(*, runner_id: int, kind: str, day: date, now: datetime | None = None) -> bool:
    """Send one reminder if it is still due and was never sent. The sent-log row and the
    outbox row are written in one transaction: a second sender hits the unique constraint
    and queues nothing; a failing mail server leaves the email queued in the outbox, which
    retries it (`runback.outbox`). True when the mail server accepted it now."""
    now = now or timezone.now()
    runner = selectors.candidates().filter(pk=runner_id).first()
    if runner is None:
        return False
    wanted = selectors.Due(runner_id, kind, day)
    if wanted not in set(selectors.due_for(runner, now=now)):
        return False  # answered, switched off or no longer due since it was queued
    try:
        with transaction.atomic():
            ReminderSent.objects.create(runner=runner, kind=kind, day=day, sent_at=now)
            email = email_queue(
                key=f"{REMINDER_EMAIL}:{runner.pk}:{kind}:{day.isoformat()}",
                purpose=REMINDER_EMAIL,
                params={"runner_id": runner.pk, "kind": kind, "day": day.isoformat()},
                dispatch=False,
            )
    except IntegrityError:
        return False
    return deliver(email.pk) == EmailStatus.SENT


def reminder_email_build(params: dict[str, Any]) -> EmailMessage | None:
    """The queued reminder's email; None once the account is gone."""
    runner = User.objects.filter(pk=params["runner_id"], is_active=True).first()
    if runner is None:
        return None
    return reminder_email(runner=runner, kind=params["kind"], day=date.fromisoformat(params["day"]))
