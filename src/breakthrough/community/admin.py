from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from breakthrough.community.models import DirectoryEntry, Mention, Post, PostLink, Thread
from breakthrough.core.admin import AuditedAdmin


class ReadOnlyAdmin(AuditedAdmin):
    """Posts are written on the community pages (which parse mentions and links) and hidden there."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ["title", "collaborative", "space", "author", "team", "last_post_at", "hidden_at"]
    list_filter = ["collaborative", "space"]


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["thread", "author", "team", "created_at", "hidden_at"]
    list_filter = ["thread__collaborative"]
    readonly_fields = ["thread", "author", "team", "body", "hidden_at", "hidden_by", "hidden_reason"]


@admin.register(Mention)
class MentionAdmin(ReadOnlyAdmin):
    list_display = ["post", "user"]


@admin.register(PostLink)
class PostLinkAdmin(ReadOnlyAdmin):
    list_display = ["post", "kind", "cycle", "team", "measure"]


@admin.register(DirectoryEntry)
class DirectoryEntryAdmin(AuditedAdmin):
    list_display = ["user", "collaborative", "share_email"]
    list_filter = ["collaborative"]
