from __future__ import annotations

from django.urls import path

from runback.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("upload/", views.activity_upload, name="upload"),
    path("imports/<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/", views.activity_detail, name="detail"),
]
