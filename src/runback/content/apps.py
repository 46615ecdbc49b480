"""Django app for the education library, exercise library and FAQ."""

from __future__ import annotations

from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "runback.content"
    label = "content"
    verbose_name = "Library"
    default_auto_field = "django.db.models.BigAutoField"
