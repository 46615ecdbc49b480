"""All URLs. Every pattern here is walked by tests/test_url_access.py for each persona."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from runback.config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("runback.accounts.urls")),
    path("library/", include("runback.content.urls")),
    path("clinic/", include("runback.clinic.urls")),
    path("", include("runback.pwa.urls")),
    path("", include("runback.rehab.urls")),
    path("", include("runback.exports.urls")),
    path("reminders/", include("runback.reminders.urls")),
    path("assessments/", include("runback.assessments.urls")),
    path("activities/", include("runback.activities.urls")),
    path("admin/", admin.site.urls),
]
