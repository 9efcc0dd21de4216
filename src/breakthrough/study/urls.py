from __future__ import annotations

from django.urls import path

from breakthrough.incidents import views as incidents
from breakthrough.study.views import (
    answering,
    equity,
    home,
    instruments,
    interviews,
    observations,
    waves,
)

app_name = "study"

urlpatterns = [
    path("", home.home, name="home"),
    path("instruments/", instruments.instrument_list, name="instrument-list"),
    path("instruments/import/", instruments.instrument_import, name="instrument-import"),
    path("instruments/<int:pk>/", instruments.instrument_detail, name="instrument-detail"),
    path("instruments/<int:pk>/redcap.csv", instruments.instrument_export, name="instrument-export"),
    path("waves/new/", waves.wave_create, name="wave-create"),
    path("waves/<int:pk>/", waves.wave_detail, name="wave-detail"),
    path("waves/<int:pk>/links/", waves.wave_links, name="wave-links"),
    path("waves/<int:pk>/remind/", waves.wave_remind, name="wave-remind"),
    path("waves/<int:pk>/scores/", waves.wave_scores, name="wave-scores"),
    path("waves/<int:pk>/answer/", answering.answer, name="answer"),
    path("waves/<int:pk>/schedule/", observations.observation_schedule, name="observation-schedule"),
    path("s/<str:token>/", answering.answer_by_link, name="answer-by-link"),
    path("observations/<int:pk>/", observations.observation_detail, name="observation-detail"),
    # Reported on the incidents app's page, at the address and name it had when incidents were the study's.
    path("incidents/new/", incidents.incident_new, name="incident-new"),
    path("equity/", equity.equity, name="equity"),
    path("interviews/", interviews.interview_list, name="interview-list"),
    path("interviews/<int:pk>/", interviews.interview_detail, name="interview-detail"),
    path("interviews/excerpts.csv", interviews.excerpts_export, name="excerpts-export"),
]
