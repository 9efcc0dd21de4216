from __future__ import annotations

from django.urls import path

from breakthrough.audit import views

app_name = "audit"

urlpatterns = [path("", views.audit, name="audit")]
