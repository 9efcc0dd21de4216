from __future__ import annotations

from django.urls import path

from breakthrough.fieldwork.views import children, home, logs, sessions

app_name = "fieldwork"
urlpatterns = [
    path("<slug:slug>/", home.home, name="home"),
    path("<slug:slug>/sessions/", sessions.session_list, name="sessions"),
    path("<slug:slug>/sessions/new/", sessions.session_new, name="session-new"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session-detail"),
    path("<slug:slug>/ta/", logs.ta_list, name="ta"),
    path("ta/<int:pk>/", logs.ta_edit, name="ta-edit"),
    path("<slug:slug>/adaptations/", logs.adaptation_list, name="adaptations"),
    path("adaptations/<int:pk>/", logs.adaptation_edit, name="adaptation-edit"),
    path("<slug:slug>/children/", children.children, name="children"),
    path("<slug:slug>/children/upload/", children.child_upload, name="children-upload"),
    path("<slug:slug>/children/<int:classroom>/<str:time_point>/", children.child_sheet, name="child-sheet"),
]
