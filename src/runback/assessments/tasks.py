"""Background tasks of assessments: the emails with calendar invitations.

Run in-process after the commit, or by `runback worker` when RUNBACK_TASK_WORKER=1."""

from __future__ import annotations

import logging
import smtplib
from email.mime.text import MIMEText

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from runback.accounts.models import User
from runback.assessments.calendar import booking_calendar
from runback.assessments.models import Booking, Slot

logger = logging.getLogger(__name__)

METHODS = {"booked": "REQUEST", "moved": "REQUEST", "cancelled": "CANCEL"}


@task()
def booking_message_send(
    booking_id: int, kind: str, recipient_id: int, slot_id: int, sequence: int
) -> bool:
    """Email `recipient` that a booking was made, moved or cancelled, in their language,
    with the calendar invitation (REQUEST or CANCEL). False when there is nobody to tell
    any more (an erased account) or the mail server refused."""
    booking = Booking.objects.select_related("runner").filter(pk=booking_id).first()
    slot = Slot.objects.select_related("clinician").filter(pk=slot_id).first()
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if booking is None or slot is None or recipient is None or kind not in METHODS:
        return False
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
        booking=booking, slot=slot, method=method, sequence=sequence, language=language
    )
    message = EmailMessage(" ".join(subject.split()), body, None, [recipient.email])
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message.attach(part)
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        logger.warning("Could not send the assessment email.", exc_info=True)
        return False
    return True
