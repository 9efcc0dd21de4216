from __future__ import annotations

from django.urls import path

from breakthrough.feasibility import report_runs, views

app_name = "feasibility"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/<int:pk>/", report_runs.run_page, name="run"),
    path("reports/<int:pk>/<str:fmt>/", report_runs.run_file, name="run-file"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/report.<str:fmt>", views.report_file, name="report"),
    path("<slug:slug>/report/", report_runs.start, name="run-start"),
    path("<slug:slug>/cases/<int:pk>/", views.case, name="case"),
]
