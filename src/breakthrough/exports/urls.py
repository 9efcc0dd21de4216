from __future__ import annotations

from django.urls import path

from breakthrough.exports import views

app_name = "exports"

urlpatterns = [
    path("<slug:slug>/", views.export_page, name="export-page"),
    path("download/<int:pk>/", views.export_download, name="export-download"),
    path("status/<int:pk>/", views.export_status, name="export-status"),
]
