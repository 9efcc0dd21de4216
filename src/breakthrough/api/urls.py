from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from breakthrough.api import pages, study, views
from breakthrough.api.reports import ReportViewSet

app_name = "api"

router = SimpleRouter(trailing_slash=True)
router.register("collaboratives", views.CollaborativeViewSet, basename="collaborative")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("teams", views.TeamViewSet, basename="team")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("reports", ReportViewSet, basename="report")
router.register("pdsa-cycles", views.CycleViewSet, basename="cycle")
router.register("events", views.EventViewSet, basename="event")
router.register("attendance", views.AttendanceViewSet, basename="attendance")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("study/instruments", study.InstrumentViewSet, basename="instrument")
router.register("study/waves", study.WaveViewSet, basename="wave")
router.register("study/responses", study.ResponseViewSet, basename="response")
router.register("study/observations", study.ObservationViewSet, basename="observation")

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("v1/docs/", pages.docs, name="docs"),
    path("v1/", include(router.urls)),
    path("tokens/", pages.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke_view, name="token-revoke"),
]
