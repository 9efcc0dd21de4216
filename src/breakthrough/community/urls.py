from __future__ import annotations

from django.urls import path

from breakthrough.community import views

app_name = "community"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:collaborative>/<slug:space>/", views.space_page, name="space"),
    path("<int:collaborative>/<slug:space>/new/", views.thread_create, name="thread-create"),
    path("threads/<int:pk>/", views.thread, name="thread"),
    path("threads/<int:pk>/reply/", views.reply, name="reply"),
    path("posts/<int:pk>/hide/", views.post_hide, name="post-hide"),
    path("posts/<int:pk>/show/", views.post_unhide, name="post-unhide"),
    path("exchanges/", views.exchanges, name="exchanges"),
    path("directory/", views.directory, name="directory"),
    path("directory/settings/", views.directory_settings, name="directory-settings"),
]
