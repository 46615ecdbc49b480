from __future__ import annotations

from django.urls import path, register_converter

from runback.rehab import views


class EntryIdConverter:
    """An entry's id as the engine allows it (e.g. "e12"); anything else is a 404 before
    it reaches a view or the database (a NUL byte would be an error on PostgreSQL)."""

    regex = r"[A-Za-z0-9_.:-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(EntryIdConverter, "entry")

app_name = "rehab"

urlpatterns = [
    path("start/", views.intake, name="intake"),
    path("start/about-you/", views.intake_details, name="intake_details"),
    path("today/", views.today, name="today"),
    path("today/why/", views.why, name="why"),
    path("symptoms/", views.symptoms, name="symptoms"),
    path("symptoms/cleared/", views.cleared, name="cleared"),
    path("log/session/", views.checkin_session, name="checkin_session"),
    path("log/next-morning/", views.checkin_followup, name="checkin_followup"),
    path("log/strength/", views.checkin_strength, name="checkin_strength"),
    path("log/strength/today/", views.checkin_strength_session, name="checkin_strength_session"),
    path("log/week/", views.checkin_status, name="checkin_status"),
    path("log/done/<entry:event_id>/", views.checkin_result, name="checkin_result"),
    path("history/", views.history, name="history"),
    path("progress/", views.progress, name="progress"),
    path("history/export.json", views.export, name="export"),
    path("history/<entry:event_id>/withdraw/", views.event_withdraw, name="event_withdraw"),
    path("history/<entry:event_id>/correct/", views.event_correct, name="event_correct"),
]
