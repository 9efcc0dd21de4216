from __future__ import annotations

from django.urls import path

from breakthrough.measures import views

app_name = "measures"

# Monthly reports under /reports/, the measures they report under /measures/ (one app: measures and reports).
urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("reports/review/", views.review_queue, name="review-queue"),
    path("reports/team/<int:team_id>/<int:period_id>/", views.report_open_view, name="report-open"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/save/", views.report_save_view, name="report-save"),
    path("reports/<int:pk>/validate/<slug:code>/", views.report_validate, name="report-validate"),
    path("reports/<int:pk>/pull-back/", views.report_pull_back_view, name="report-pull-back"),
    path("reports/<int:pk>/review/", views.report_review_view, name="report-review"),
    path("reports/<int:pk>/comments/", views.report_comment, name="report-comment"),
    path("measures/", views.measure_list, name="measure-list"),
    path("measures/new/", views.measure_create_view, name="measure-create"),
    path("measures/<int:pk>/", views.measure_detail, name="measure-detail"),
    path("measures/<int:pk>/revise/", views.measure_revise_view, name="measure-revise"),
]
