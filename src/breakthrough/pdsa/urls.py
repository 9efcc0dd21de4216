from __future__ import annotations

from django.urls import path

from breakthrough.pdsa import views

app_name = "pdsa"

urlpatterns = [
    path("", views.cycle_list, name="cycle-list"),
    path("cycles/new/", views.cycle_create, name="cycle-create"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle-detail"),
    path("cycles/<int:pk>/sections/<slug:section>/", views.cycle_update, name="cycle-update"),
    path("cycles/<int:pk>/next/", views.cycle_next, name="cycle-next"),
    path("cycles/<int:pk>/share/", views.cycle_share, name="cycle-share"),
    path("cycles/<int:pk>/comments/", views.comment_add, name="comment-add"),
    path("cycles/<int:pk>/attachments/", views.cycle_attachment_add, name="cycle-attachment-add"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment-remove"),
    path("ramps/<int:pk>/", views.ramp_detail, name="ramp-detail"),
    path("library/", views.library, name="library"),
    path("teams/<int:team_id>/storyboard/", views.storyboard, name="storyboard"),
    path("teams/<int:team_id>/storyboard/edit/", views.storyboard_update, name="storyboard-update"),
    path(
        "teams/<int:team_id>/storyboard/attachments/",
        views.storyboard_attachment_add,
        name="storyboard-attachment-add",
    ),
]
