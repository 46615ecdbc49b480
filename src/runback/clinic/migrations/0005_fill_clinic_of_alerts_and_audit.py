"""Fill the clinic of the rows stored before each clinic's work was its own: alerts,
clinicians' decisions and the audit log's staff actions.

- An audit entry by staff, and a handled alert, get the clinic the person acted in: of the
  clinics the runner shared with at that moment, the staff member's own (or the only one);
  for a subject who shares with none (e.g. a staff account), the actor's clinic. If that
  cannot be told, it stays empty (no clinic's export shows it: nothing leaks).
- An open alert goes to every clinic the runner shares with now (one copy each), else to
  the clinic of the runner's latest share.
- A decision without a clinic gets its author's.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _share_clinics(shares: list[Any], at: Any) -> set[int]:
    return {
        s.clinic_id
        for s in shares
        if s.given_at <= at and (s.withdrawn_at is None or s.withdrawn_at > at)
    }


def _acted_in(shares: list[Any], at: Any, actor_clinic: int | None) -> int | None:
    clinics = _share_clinics(shares, at)
    if actor_clinic is not None and actor_clinic in clinics:
        return actor_clinic
    if len(clinics) == 1:
        return next(iter(clinics))
    return None


def fill(apps: Any, schema_editor: Any) -> None:
    Alert = apps.get_model("clinic", "Alert")
    Share = apps.get_model("clinic", "Share")
    Decision = apps.get_model("clinic", "Decision")
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    User = apps.get_model("accounts", "User")
    db = schema_editor.connection.alias

    clinic_of = dict(User.objects.using(db).values_list("pk", "clinic_id"))
    role_of = dict(User.objects.using(db).values_list("pk", "role"))
    shares_of: dict[int, list[Any]] = {}
    for share in Share.objects.using(db).order_by("given_at", "pk"):
        shares_of.setdefault(share.runner_id, []).append(share)

    for entry in (
        AuditEntry.objects.using(db)
        .filter(clinic__isnull=True, actor__isnull=False)
        .exclude(actor__role="runner")
        .iterator()
    ):
        actor_clinic = clinic_of.get(entry.actor_id)
        if role_of.get(entry.subject_id) == "runner":
            clinic = _acted_in(shares_of.get(entry.subject_id, []), entry.created_at, actor_clinic)
        else:
            clinic = actor_clinic
        if clinic is not None:
            AuditEntry.objects.using(db).filter(pk=entry.pk).update(clinic_id=clinic)

    for alert in Alert.objects.using(db).filter(clinic__isnull=True).order_by("pk"):
        shares = shares_of.get(alert.runner_id, [])
        if alert.acknowledged_at is not None:
            actor_clinic = clinic_of.get(alert.acknowledged_by_id)
            clinic = _acted_in(shares, alert.acknowledged_at, actor_clinic) or actor_clinic
            if clinic is not None:
                Alert.objects.using(db).filter(pk=alert.pk).update(clinic_id=clinic)
            continue
        active = sorted({s.clinic_id for s in shares if s.withdrawn_at is None})
        if not active and shares:
            active = [shares[-1].clinic_id]
        if not active:
            continue
        Alert.objects.using(db).filter(pk=alert.pk).update(clinic_id=active[0])
        for clinic in active[1:]:
            alert.pk = None
            alert.clinic_id = clinic
            alert.save(using=db)

    for decision in Decision.objects.using(db).filter(clinic__isnull=True, author__isnull=False):
        clinic = clinic_of.get(decision.author_id)
        if clinic is not None:
            Decision.objects.using(db).filter(pk=decision.pk).update(clinic_id=clinic)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0004_alert_per_clinic"),
        ("accounts", "0004_audit_entry_clinic"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
