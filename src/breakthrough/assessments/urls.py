from __future__ import annotations

from django.urls import path

from breakthrough.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("rate/", views.rate, name="rate"),
]
