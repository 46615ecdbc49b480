from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "runback.clinic"
    label = "clinic"
    verbose_name = _("Clinic")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from runback.accounts.audit import audit_actions_register
        from runback.clinic.audit import ACTIONS

        audit_actions_register(ACTIONS)

        from runback.accounts.exporting import export_section_register
        from runback.clinic.export import clinic_export

        export_section_register("clinic", clinic_export)

        from runback.accounts.signals import consent_withdrawn
        from runback.clinic.services import shares_end_all
        from runback.clinic.services_alerts import alerts_after_snapshot
        from runback.rehab.signals import snapshot_stored

        snapshot_stored.connect(alerts_after_snapshot, dispatch_uid="runback.clinic.alerts")
        consent_withdrawn.connect(shares_end_all, dispatch_uid="runback.clinic.shares_end")
