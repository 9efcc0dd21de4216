from __future__ import annotations

from django.urls import path

from breakthrough.dashboards import report_runs, views, waves

app_name = "dashboards"

urlpatterns = [
    path("", views.collaborative, name="collaborative"),
    path("summary/", views.summary, name="summary"),
    path("waves/", waves.waves_page, name="waves"),
    path("report.pdf", views.collaborative_report, name="collaborative-report"),
    path("reports/<int:pk>/", report_runs.run_page, name="report-run"),
    path("reports/<int:pk>/report.pdf", report_runs.run_file, name="report-run-file"),
    path("measures.<str:fmt>", views.collaborative_chart, name="collaborative-chart"),
    path("teams/", views.my_teams, name="teams"),
    path("team/<int:pk>/", views.team, name="team"),
    path("team/<int:pk>/report.pdf", views.team_report, name="team-report"),
    path("team/<int:pk>/measure/<int:measure_pk>/", views.team_measure, name="team-measure"),
    path(
        "team/<int:pk>/measure/<int:measure_pk>/chart.<str:fmt>",
        views.team_measure_chart,
        name="team-measure-chart",
    ),
    path("team/<int:pk>/measure/<int:measure_pk>/data.csv", views.team_measure_csv, name="team-measure-csv"),
    path("team/<int:pk>/measure/<int:measure_pk>/phases/", views.phase_accept, name="phase-accept"),
    path("phase/<int:pk>/remove/", views.phase_remove, name="phase-remove"),
    path("measure/<int:pk>/data.csv", views.measure_csv, name="measure-csv"),
]
