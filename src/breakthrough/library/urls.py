from __future__ import annotations

from django.urls import path

from breakthrough.library import views

app_name = "library"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.resource_create, name="resource-create"),
    path("<int:pk>/", views.resource, name="resource"),
    path("<int:pk>/versions/", views.version_add, name="version-add"),
    path("versions/<int:pk>/download/", views.download, name="download"),
]
