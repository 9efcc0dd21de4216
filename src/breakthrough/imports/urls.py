from __future__ import annotations

from django.urls import path

from breakthrough.imports import views

app_name = "imports"

urlpatterns = [
    path("teams/<int:pk>/template.xlsx", views.team_template, name="team-template"),
    path("teams/<int:pk>/", views.team_upload, name="team-upload"),
    path("batch/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batch/<int:pk>/apply/", views.batch_apply, name="batch-apply"),
    path("<slug:slug>/", views.import_index, name="index"),
    path("<slug:slug>/<slug:kind>/", views.import_upload, name="upload"),
]
