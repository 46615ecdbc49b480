"""Background work of the clinic (django-tasks): the red-flag email to clinicians."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from runback.accounts.models import Role, User
from runback.clinic.models import Alert, Share

logger = logging.getLogger(__name__)


def alert_recipients(*, runner_id: int, clinic_id: int | None) -> list[User]:
    """The active clinicians of the alert's clinic, while the runner shares with it (each
    clinic has its own alert, so each clinic's clinicians get the email once)."""
    if clinic_id is None:
        return []
    if not Share.objects.filter(
        runner_id=runner_id, clinic_id=clinic_id, withdrawn_at__isnull=True
    ).exists():
        return []
    return list(
        User.objects.filter(clinic_id=clinic_id, role=Role.CLINICIAN, is_active=True).order_by("pk")
    )


@task()
def alert_email_send(alert_id: int) -> int:
    """Email a red flag to the clinicians, once: the alert remembers that it was sent.
    Returns how many emails went out."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id, emailed_at=None).first()
        if alert is None:
            return 0
        alert.emailed_at = timezone.now()
        alert.save(update_fields=["emailed_at"])
    sent = 0
    path = reverse("clinic:record", args=[alert.runner_id])
    for clinician in alert_recipients(runner_id=alert.runner_id, clinic_id=alert.clinic_id):
        context = {"kind": alert.kind, "base_url": settings.RUNBACK_BASE_URL, "path": path}
        with translation.override(clinician.language):
            subject = render_to_string("clinic/email/alert_subject.txt", context)
            body = render_to_string("clinic/email/alert.txt", context)
        try:
            send_mail(" ".join(subject.split()), body, None, [clinician.email])
            sent += 1
        except (OSError, smtplib.SMTPException):
            logger.warning("Could not send the alert email.", exc_info=True)
    return sent
