from __future__ import annotations

from django.urls import path

from breakthrough.events import views

app_name = "events"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("new/", views.event_create, name="event-create"),
    path("<int:pk>/", views.event_detail, name="event-detail"),
    path("<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("<int:pk>/my-attendance/", views.attendance_mark, name="attendance-mark"),
    path("<int:pk>/attendance/", views.attendance_record, name="attendance-record"),
    path("<int:pk>/materials/new/", views.material_upload, name="material-upload"),
    path("materials/<int:pk>/", views.material_download, name="material-download"),
    path("materials/<int:pk>/archive/", views.material_archive, name="material-archive"),
]
