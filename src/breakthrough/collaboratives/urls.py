from __future__ import annotations

from django.urls import path

from breakthrough.collaboratives import views

app_name = "collaboratives"

urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("<int:pk>/setup/", views.setup_detail, name="setup-detail"),
    path("<int:pk>/edit/", views.collaborative_edit, name="collaborative-edit"),
    path("<int:pk>/timeline/", views.timeline_edit, name="timeline-edit"),
    path("<int:pk>/programs/new/", views.program_create, name="program-create"),
    path("<int:pk>/teams/new/", views.team_create, name="team-create"),
    path("<int:pk>/people/new/", views.membership_add, name="membership-add"),
    path("<int:pk>/invitations/new/", views.invitation_create, name="invitation-create"),
    path("programs/<int:pk>/", views.program_edit, name="program-edit"),
    path("programs/<int:pk>/classrooms/new/", views.classroom_create, name="classroom-create"),
    path("classrooms/<int:pk>/", views.classroom_edit, name="classroom-edit"),
    path("memberships/<int:pk>/archive/", views.membership_archive, name="membership-archive"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
