"""Assessments: time slots a clinician publishes, and a runner's booking of one.

No double booking, ever: the database allows one booking that is not cancelled per slot
(`assessments_booking_one_per_slot`); the services turn a refused insert into a plain
"this time was just taken".
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from runback.accounts.models import User


class Slot(models.Model):
    """A time a clinician offers for an assessment."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clinician"),
        # Kept when the clinician's account is erased: their bookings were cancelled first
        # (`booking_cancel_all_of_clinician`), and the CANCEL invitation and the runner's
        # record need the time.
        null=True,
        on_delete=models.SET_NULL,
        related_name="assessment_slots",
    )
    # The clinic the time is offered in (the clinician's when it was published): a
    # clinician who moves clinics does not take it along.
    clinic = models.ForeignKey(
        "accounts.Clinic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("An address or room, or e.g. 'video call' or 'by phone'."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A free slot the clinician took back; it is kept (not deleted) so a booking's
    # history stays whole.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assessment slot")
        verbose_name_plural = _("assessment slots")
        ordering: ClassVar = ["starts_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["clinician", "starts_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="assessments_slot_one_per_clinician_and_time",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=5) & Q(minutes__lte=240),
                name="assessments_slot_minutes_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.minutes} min)"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.clinic_id is None and self.clinician_id is not None:
            self.clinic_id = (
                User.objects.filter(pk=self.clinician_id).values_list("clinic_id", flat=True)
            ).first()
        super().save(*args, **kwargs)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


class Booking(models.Model):
    """A runner's booking of a slot. Cancelled bookings stay (the calendar invitation's
    UID and sequence need them); a reschedule moves the booking to another slot."""

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="bookings")
    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_bookings"
    )
    # The clinic the booking is with (its slot's): only that clinic sees or changes it,
    # and a move stays within it.
    clinic = models.ForeignKey(
        "accounts.Clinic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note for the clinician"), max_length=500, blank=True)
    # The calendar invitation's identity: the same UID from booking to cancellation, its
    # SEQUENCE one higher at every change (RFC 5545/5546).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment booking")
        verbose_name_plural = _("assessment bookings")
        ordering: ClassVar = ["slot__starts_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(cancelled_at__isnull=True),
                name="assessments_booking_one_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"booking {self.pk} of slot {self.slot_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.clinic_id is None and self.slot_id is not None:
            self.clinic_id = (
                Slot.objects.filter(pk=self.slot_id).values_list("clinic_id", flat=True).first()
            )
        super().save(*args, **kwargs)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
