"""Fill the clinic of the times and bookings stored before each clinic's were its own.

A booked time goes to the clinic its runner shared with when they booked it: its
clinician's clinic of today if that is one of them, else the only one; any other time
to its clinician's clinic. A booking goes with its time."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps: Any, schema_editor: Any) -> None:
    Slot = apps.get_model("assessments", "Slot")
    Booking = apps.get_model("assessments", "Booking")
    Share = apps.get_model("clinic", "Share")
    User = apps.get_model("accounts", "User")
    db = schema_editor.connection.alias
    clinic_of = dict(User.objects.using(db).values_list("pk", "clinic_id"))
    for booking in (
        Booking.objects.using(db).filter(slot__clinic__isnull=True).select_related("slot")
    ):
        at = booking.created_at
        shared = {
            s.clinic_id
            for s in Share.objects.using(db).filter(runner_id=booking.runner_id, given_at__lte=at)
            if s.withdrawn_at is None or s.withdrawn_at > at
        }
        now = clinic_of.get(booking.slot.clinician_id)
        clinic = now if now in shared else (next(iter(shared)) if len(shared) == 1 else None)
        if clinic is not None:
            Slot.objects.using(db).filter(pk=booking.slot_id, clinic__isnull=True).update(
                clinic_id=clinic
            )
    Slot.objects.using(db).filter(clinic__isnull=True).update(
        clinic_id=Subquery(User.objects.filter(pk=OuterRef("clinician_id")).values("clinic_id"))
    )
    Booking.objects.using(db).filter(clinic__isnull=True).update(
        clinic_id=Subquery(Slot.objects.filter(pk=OuterRef("slot_id")).values("clinic_id"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_slot_booking_clinic"),
        ("clinic", "0003_share_includes_activities"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
