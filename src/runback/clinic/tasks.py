"""Background work of the clinic (django-tasks): the red-flag email to clinicians.

The emails go through the outbox (`runback.outbox`): queued once per alert and clinician,
marked sent only after the mail server accepted them, retried when it did not."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from runback.accounts.models import Role, User
from runback.clinic.models import Alert, Share
from runback.clinic.rules import EMAILED_KINDS
from runback.outbox.services import email_queue

logger = logging.getLogger(__name__)

ALERT_EMAIL = "clinic.alert"


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
    """Queue the red flag's email to each clinician, once: the alert remembers that its
    emails were queued (`emailed_at`), in the same transaction as the outbox rows. Returns
    how many emails were queued."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(pk=alert_id, emailed_at=None).first()
        if alert is None:
            return 0
        recipients = alert_recipients(runner_id=alert.runner_id, clinic_id=alert.clinic_id)
        for clinician in recipients:
            email_queue(
                key=f"{ALERT_EMAIL}:{alert.pk}:{clinician.pk}",
                purpose=ALERT_EMAIL,
                about_id=alert.pk,
                params={"alert_id": alert.pk, "user_id": clinician.pk},
            )
        alert.emailed_at = timezone.now()
        alert.save(update_fields=["emailed_at"])
    return len(recipients)


def alert_email_build(params: dict[str, Any]) -> EmailMessage | None:
    """The email about alert `alert_id` to clinician `user_id`, in their language (no name
    in it); None once either is gone."""
    alert = Alert.objects.filter(pk=params["alert_id"]).first()
    clinician = User.objects.filter(pk=params["user_id"], is_active=True).first()
    if alert is None or clinician is None:
        return None
    path = reverse("clinic:record", args=[alert.runner_id])
    context = {"kind": alert.kind, "base_url": settings.RUNBACK_BASE_URL, "path": path}
    with translation.override(clinician.language):
        subject = render_to_string("clinic/email/alert_subject.txt", context)
        body = render_to_string("clinic/email/alert.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [clinician.email])


def alerts_unqueued_queue() -> int:
    """Queue the emails of red flags whose process died before it queued them (the alert
    was stored, `alert_email_send` never ran). Called by every outbox sweep."""
    now = timezone.now()
    pks = list(
        Alert.objects.filter(
            kind__in=EMAILED_KINDS,
            emailed_at=None,
            created_at__lt=now - timedelta(minutes=2),
            created_at__gte=now - timedelta(days=1),
        ).values_list("pk", flat=True)[:50]
    )
    for pk in pks:
        alert_email_send.call(pk)
    return len(pks)
