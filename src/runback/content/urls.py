"""URLs of the library, mounted at /library/."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "content"

urlpatterns: list[URLPattern] = []
