"""Fill the clinic of the times and bookings stored before each clinic's were its own:
a time is its clinician's clinic's, a booking its time's."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps: Any, schema_editor: Any) -> None:
    Slot = apps.get_model("assessments", "Slot")
    Booking = apps.get_model("assessments", "Booking")
    User = apps.get_model("accounts", "User")
    db = schema_editor.connection.alias
    Slot.objects.using(db).filter(clinic__isnull=True).update(
        clinic_id=Subquery(User.objects.filter(pk=OuterRef("clinician_id")).values("clinic_id"))
    )
    Booking.objects.using(db).filter(clinic__isnull=True).update(
        clinic_id=Subquery(Slot.objects.filter(pk=OuterRef("slot_id")).values("clinic_id"))
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_slot_booking_clinic")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
