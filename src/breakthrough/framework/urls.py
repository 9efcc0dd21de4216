from __future__ import annotations

from django.urls import path

from breakthrough.framework import views

app_name = "framework"

# The diagram page itself ("" → framework:diagram) is pdsa.diagram, joined to these in the root urls.py.

urlpatterns = [
    path("edit/", views.edit, name="edit"),
    path("edit/<slug:kind>/new/", views.item_add, name="item-add"),
    path("edit/<slug:kind>/<int:pk>/", views.item_edit, name="item-edit"),
    path("edit/<slug:kind>/<int:pk>/move/", views.item_move, name="item-move"),
    path("edit/<slug:kind>/<int:pk>/archive/", views.item_archive, name="item-archive"),
]
