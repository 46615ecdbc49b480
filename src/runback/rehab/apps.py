from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabConfig(AppConfig):
    name = "runback.rehab"
    label = "rehab"
    verbose_name = _("Rehab")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from runback.accounts.audit import audit_actions_register
        from runback.rehab.audit import ACTIONS

        audit_actions_register(ACTIONS)
