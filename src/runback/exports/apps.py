from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "runback.exports"
    label = "exports"
    verbose_name = _("Exports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from runback.accounts.audit import audit_actions_register
        from runback.exports.audit import ACTIONS

        audit_actions_register(ACTIONS)

        from runback.accounts.exporting import export_section_register
        from runback.exports.export import calendar_feed_export

        export_section_register("calendar_feed", calendar_feed_export)
