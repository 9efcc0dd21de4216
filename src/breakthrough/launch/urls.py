from __future__ import annotations

from django.urls import path

from breakthrough.launch import views

app_name = "launch"

urlpatterns = [path("new/", views.launch, name="new")]
