from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PwaConfig(AppConfig):
    """On the run: the interval timer, the web app manifest and the service worker."""

    name = "runback.pwa"
    label = "pwa"
    verbose_name = _("On the run")
