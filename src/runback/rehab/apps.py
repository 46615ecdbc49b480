from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RehabConfig(AppConfig):
    name = "runback.rehab"
    label = "rehab"
    verbose_name = _("Rehab")
    default_auto_field = "django.db.models.BigAutoField"
