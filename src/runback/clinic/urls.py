from __future__ import annotations

from django.urls import path

from runback.clinic import views, views_record, views_runner

app_name = "clinic"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("runners/<int:runner_id>/", views_record.record, name="record"),
    path("runners/<int:runner_id>/notes/", views_record.note_add, name="note_add"),
    path("runners/<int:runner_id>/clear/", views_record.flag_clear, name="flag_clear"),
    path("runners/<int:runner_id>/settings/", views_record.plan_settings, name="plan_settings"),
    path("alerts/<int:alert_id>/handled/", views.alert_acknowledge, name="alert_acknowledge"),
    path(
        "runners/<int:runner_id>/quiet/handled/",
        views.quiet_acknowledge,
        name="quiet_acknowledge",
    ),
    path("invitations/", views.invitations, name="invitations"),
    path("audit.csv", views.audit_export, name="audit_export"),
    path("join/", views_runner.join, name="join"),
    path("shares/<int:share_id>/withdraw/", views_runner.share_withdraw, name="share_withdraw"),
    path("shares/<int:share_id>/extend/", views_runner.share_extend, name="share_extend"),
]
