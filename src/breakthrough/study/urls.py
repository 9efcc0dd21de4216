from __future__ import annotations

from django.urls import path

from breakthrough.study import views

app_name = "study"

urlpatterns = [
    path("", views.home, name="home"),
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("instruments/import/", views.instrument_import, name="instrument-import"),
    path("instruments/<int:pk>/", views.instrument_detail, name="instrument-detail"),
    path("instruments/<int:pk>/redcap.csv", views.instrument_export, name="instrument-export"),
    path("waves/new/", views.wave_create, name="wave-create"),
    path("waves/<int:pk>/", views.wave_detail, name="wave-detail"),
    path("waves/<int:pk>/links/", views.wave_links, name="wave-links"),
    path("waves/<int:pk>/remind/", views.wave_remind, name="wave-remind"),
    path("waves/<int:pk>/scores/", views.wave_scores, name="wave-scores"),
    path("waves/<int:pk>/answer/", views.answer, name="answer"),
    path("waves/<int:pk>/schedule/", views.observation_schedule, name="observation-schedule"),
    path("s/<str:token>/", views.answer_by_link, name="answer-by-link"),
    path("observations/<int:pk>/", views.observation_detail, name="observation-detail"),
    path("incidents/new/", views.incident_new, name="incident-new"),
    path("equity/", views.equity, name="equity"),
    path("interviews/", views.interview_list, name="interview-list"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview-detail"),
    path("interviews/excerpts.csv", views.excerpts_export, name="excerpts-export"),
]
