from __future__ import annotations

from django.urls import path, register_converter

from runback.rehab.checkin import views as checkin
from runback.rehab.history import correction
from runback.rehab.history import views as history
from runback.rehab.intake import views as intake
from runback.rehab.today import views as today


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
    path("start/", intake.intake, name="intake"),
    path("start/about-you/", intake.intake_details, name="intake_details"),
    path("today/", today.today, name="today"),
    path("today/why/", today.why, name="why"),
    path("symptoms/", today.symptoms, name="symptoms"),
    path("symptoms/cleared/", today.cleared, name="cleared"),
    path("log/session/", checkin.checkin_session, name="checkin_session"),
    path(
        "log/session/activity/<int:activity>/",
        checkin.checkin_session,
        name="checkin_session_from_activity",
    ),
    path("log/next-morning/", checkin.checkin_followup, name="checkin_followup"),
    path("log/strength/", checkin.checkin_strength, name="checkin_strength"),
    path("log/strength/today/", checkin.checkin_strength_session, name="checkin_strength_session"),
    path("log/week/", checkin.checkin_status, name="checkin_status"),
    path("log/done/<entry:event_id>/", checkin.checkin_result, name="checkin_result"),
    path("history/", history.history, name="history"),
    path("progress/", history.progress, name="progress"),
    path("history/export.json", history.export, name="export"),
    path("history/<entry:event_id>/withdraw/", history.event_withdraw, name="event_withdraw"),
    path("history/<entry:event_id>/correct/", correction.event_correct, name="event_correct"),
]
