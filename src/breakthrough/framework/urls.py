from __future__ import annotations

from django.urls import path

from breakthrough.framework import views

app_name = "framework"

urlpatterns = [
    path("", views.diagram, name="diagram"),
    path("edit/", views.edit, name="edit"),
    path("edit/<slug:kind>/new/", views.item_add, name="item-add"),
    path("edit/<slug:kind>/<int:pk>/", views.item_edit, name="item-edit"),
    path("edit/<slug:kind>/<int:pk>/move/", views.item_move, name="item-move"),
    path("edit/<slug:kind>/<int:pk>/archive/", views.item_archive, name="item-archive"),
]
