from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "runback.outbox"
    label = "outbox"
    verbose_name = _("Outgoing email")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from runback.outbox import services

        request_started.connect(services.request_collect, dispatch_uid="outbox_collect")
        request_finished.connect(services.request_deliver, dispatch_uid="outbox_deliver")
