from __future__ import annotations

from django.urls import path

from breakthrough.spread import views

app_name = "spread"

urlpatterns = [
    path("", views.home, name="home"),
    path("teams/<int:team_id>/record/", views.record, name="record"),
]
