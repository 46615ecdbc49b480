from __future__ import annotations

from django.urls import path

from runback.clinic import views

app_name = "clinic"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("runners/<int:runner_id>/", views.record, name="record"),
    path("runners/<int:runner_id>/notes/", views.note_add, name="note_add"),
    path("runners/<int:runner_id>/clear/", views.flag_clear, name="flag_clear"),
    path("runners/<int:runner_id>/settings/", views.plan_settings, name="plan_settings"),
    path("alerts/<int:alert_id>/handled/", views.alert_acknowledge, name="alert_acknowledge"),
    path(
        "runners/<int:runner_id>/quiet/handled/",
        views.quiet_acknowledge,
        name="quiet_acknowledge",
    ),
    path("invitations/", views.invitations, name="invitations"),
    path("audit.csv", views.audit_export, name="audit_export"),
    path("join/", views.join, name="join"),
    path("shares/<int:share_id>/withdraw/", views.share_withdraw, name="share_withdraw"),
    path("shares/<int:share_id>/extend/", views.share_extend, name="share_extend"),
]
