"""Background tasks of assessments: the emails with calendar invitations.

Queued in the outbox with the booking's change (`runback.outbox`): sent after the
response, or by `runback worker` when RUNBACK_TASK_WORKER=1, and retried until it is."""

from __future__ import annotations

import logging
from email.mime.text import MIMEText
from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from runback.accounts.models import User
from runback.assessments.calendar import booking_calendar
from runback.assessments.models import Booking, Slot
from runback.outbox.models import Email, EmailStatus
from runback.outbox.services import deliver, email_queue

logger = logging.getLogger(__name__)

BOOKING_EMAIL = "assessments.booking"
METHODS = {"booked": "REQUEST", "moved": "REQUEST", "cancelled": "CANCEL"}


@task()
def booking_message_send(
    booking_id: int, kind: str, recipient_id: int, slot_id: int, sequence: int
) -> bool:
    """Email `recipient` that a booking was made, moved or cancelled, in their language,
    with the calendar invitation (REQUEST or CANCEL), through the outbox (queued once,
    marked sent only when the mail server accepted it, retried when it did not). False
    when there is nobody to tell any more (an erased account) or it is not sent yet."""
    email = booking_email_queue(
        booking_id=booking_id,
        kind=kind,
        recipient_id=recipient_id,
        slot_id=slot_id,
        sequence=sequence,
        dispatch=False,
    )
    return deliver(email.pk) == EmailStatus.SENT


def booking_email_queue(
    *, booking_id: int, kind: str, recipient_id: int, slot_id: int, sequence: int, dispatch: bool
) -> Email:
    params = {
        "booking_id": booking_id,
        "kind": kind,
        "recipient_id": recipient_id,
        "slot_id": slot_id,
        "sequence": sequence,
    }
    return email_queue(
        key=f"{BOOKING_EMAIL}:{booking_id}:{kind}:{slot_id}:{sequence}:{recipient_id}",
        purpose=BOOKING_EMAIL,
        about_id=booking_id,
        params=params,
        dispatch=dispatch,
    )


def booking_email_build(params: dict[str, Any]) -> EmailMessage | None:
    """The email with its invitation; None when there is nobody to tell any more."""
    booking = Booking.objects.select_related("runner").filter(pk=params["booking_id"]).first()
    slot = Slot.objects.select_related("clinician").filter(pk=params["slot_id"]).first()
    recipient = User.objects.filter(pk=params["recipient_id"], is_active=True).first()
    kind = params["kind"]
    if booking is None or slot is None or recipient is None or kind not in METHODS:
        return None
    language = recipient.language or "da"
    method = METHODS[kind]
    context = {
        "booking": booking,
        "slot": slot,
        "kind": kind,
        "recipient": recipient,
        "for_runner": recipient.pk == booking.runner_id,
        "runner": booking.runner,
        "clinician": slot.clinician,
    }
    with translation.override(language):
        subject = render_to_string("assessments/email/booking_subject.txt", context)
        body = render_to_string("assessments/email/booking.txt", context)
    ics = booking_calendar(
        booking=booking, slot=slot, method=method, sequence=params["sequence"], language=language
    )
    message = EmailMessage(" ".join(subject.split()), body, None, [recipient.email])
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(part)
    return message
