from __future__ import annotations

from django.urls import path

from breakthrough.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.collaborative, name="collaborative"),
    path("summary/", views.summary, name="summary"),
    path("teams/", views.my_teams, name="teams"),
    path("team/<int:pk>/", views.team, name="team"),
    path("team/<int:pk>/measure/<int:measure_pk>/", views.team_measure, name="team-measure"),
    path("team/<int:pk>/measure/<int:measure_pk>/data.csv", views.team_measure_csv, name="team-measure-csv"),
    path("team/<int:pk>/measure/<int:measure_pk>/phases/", views.phase_accept, name="phase-accept"),
    path("phase/<int:pk>/remove/", views.phase_remove, name="phase-remove"),
    path("measure/<int:pk>/data.csv", views.measure_csv, name="measure-csv"),
]
