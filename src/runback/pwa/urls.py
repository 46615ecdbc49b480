"""The timer and the web app's files, mounted at the site's root (the service worker's
scope is the folder it is served from)."""

from __future__ import annotations

from django.urls import path

from runback.pwa import views

app_name = "pwa"

urlpatterns = [
    path("today/timer/", views.timer, name="timer"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.offline, name="offline"),
]
