from __future__ import annotations

from django.urls import path

from breakthrough.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("<int:pk>/edit/", views.incident_edit, name="edit"),
    path("summary/", views.incident_summary, name="summary"),
]
