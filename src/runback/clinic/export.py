"""The clinic's part of a runner's data download: with whom they shared, what clinic staff
changed and why, the alerts about them and the notes staff wrote about them (a person's
right of access covers a clinician's notes too)."""

from __future__ import annotations

from typing import Any

from runback.accounts.models import User
from runback.accounts.services_export import export_by, export_row
from runback.clinic.models import Alert, Decision, Note, Share


def clinic_export(person: User) -> dict[str, Any]:
    return {
        "shares": [
            export_row(s, person=person, omit={"id", "runner", "invitation"})
            | {"clinic": s.clinic.name}
            for s in Share.objects.filter(runner=person).select_related("clinic").order_by("id")
        ],
        "changes_by_clinic_staff": [
            export_row(d, person=person, omit={"id", "runner", "clinic"}, by_field="author")
            for d in Decision.objects.filter(runner=person).select_related("author").order_by("id")
        ],
        "alerts": [
            export_row(
                a, person=person, omit={"id", "runner", "clinic"}, by_field="acknowledged_by"
            )
            | {"clinic": a.clinic.name if a.clinic else None}
            for a in Alert.objects.filter(runner=person)
            .select_related("acknowledged_by", "clinic")
            .order_by("id")
        ],
        "notes_by_clinic_staff": [
            {"at": n.created_at.isoformat(), "text": n.text}
            | {"by": export_by(actor=n.author, person=person)}
            for n in Note.objects.filter(runner=person).select_related("author").order_by("id")
        ],
    }
