from __future__ import annotations

from django.urls import path

from breakthrough.intake import views

app_name = "intake"

urlpatterns = [
    # Public: no account.
    path("apply/", views.apply_index, name="apply-index"),
    path("apply/<slug:slug>/", views.apply, name="apply"),
    path("apply/<slug:slug>/thanks/", views.thanks, name="thanks"),
    # Project staff.
    path("", views.application_list, name="list"),
    path("call/<int:collaborative_id>/", views.call_edit, name="call"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/decide/", views.application_decide, name="decide"),
    # The study team.
    path("readiness/", views.readiness, name="readiness"),
    # Everyone who reads the framework; staff record it.
    path("planning/", views.planning, name="planning"),
    path("planning/<int:collaborative_id>/edit/", views.planning_edit, name="planning-edit"),
]
