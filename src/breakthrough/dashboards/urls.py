from __future__ import annotations

from django.urls import path  # noqa: F401 - pages are added here

app_name = "dashboards"

urlpatterns: list = []
