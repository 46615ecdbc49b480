from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "runback.assessments"
    label = "assessments"
    verbose_name = _("Assessments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from runback.accounts.audit import audit_actions_register
        from runback.assessments.audit import ACTIONS

        audit_actions_register(ACTIONS)

        from runback.accounts.exporting import export_section_register
        from runback.assessments.selectors import bookings_export

        export_section_register("assessments", lambda person: bookings_export(runner=person))
