"""URLs of the library, mounted at /library/."""

from __future__ import annotations

from django.urls import path

from runback.content import views

app_name = "content"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search_page, name="search"),
    path("a/<slug:slug>/", views.article, name="article"),
    path("exercise/<slug:exercise_id>/", views.exercise, name="exercise"),
    path("exercise/<slug:exercise_id>/<slug:pose>.svg", views.exercise_svg, name="exercise_svg"),
    path("faq/", views.faq, name="faq"),
    path("references/", views.references, name="references"),
    path("rule/<str:rule_id>/", views.rule, name="rule"),
]
