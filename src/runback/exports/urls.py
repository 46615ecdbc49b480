from __future__ import annotations

from django.urls import path

from runback.exports import views

app_name = "exports"

urlpatterns = [
    path("plan/workout.fit", views.workout, name="workout"),
    path("plan/watch/", views.watch, name="watch"),
    path("plan/watch/runback-<str:day>.fit", views.session_workout, name="session_workout"),
    path("plan/watch/runback.zip", views.session_workouts_zip, name="session_workouts_zip"),
    path("plan/print/", views.plan_print, name="plan_print"),
    path("plan/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("plan/calendar/", views.calendar, name="calendar"),
    path("calendar/<str:key>/<str:secret>/runback.ics", views.calendar_feed, name="calendar_feed"),
    path("runners/<int:runner_id>/plan.pdf", views.runner_plan_pdf, name="runner_plan_pdf"),
]
