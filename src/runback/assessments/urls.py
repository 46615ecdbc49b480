from __future__ import annotations

from django.urls import path

from runback.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.runner_page, name="runner"),
    path("book/<int:slot_id>/", views.book, name="book"),
    path("<int:booking_id>/cancel/", views.cancel, name="cancel"),
    path("<int:booking_id>/move/", views.move, name="move"),
    path("<int:booking_id>/calendar.ics", views.calendar_file, name="calendar"),
    path("clinic/", views.clinic, name="clinic"),
    path("clinic/times/add/", views.slot_add, name="slot_add"),
    path("clinic/times/series/", views.slot_series, name="slot_series"),
    path("clinic/times/<int:slot_id>/withdraw/", views.slot_withdraw, name="slot_withdraw"),
    path("clinic/bookings/<int:booking_id>/", views.booking_detail, name="booking"),
]
