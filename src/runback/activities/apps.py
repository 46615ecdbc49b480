from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "runback.activities"
    label = "activities"
    verbose_name = _("Activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from runback.accounts.exporting import export_section_register
        from runback.activities import receivers  # noqa: F401 (connects the receivers)
        from runback.activities.export import activities_export

        export_section_register("watch_files", activities_export)
