from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from breakthrough.core.admin import AuditedAdmin
from breakthrough.library.models import Resource, ResourceVersion


@admin.register(Resource)
class ResourceAdmin(AuditedAdmin):
    list_display = ["__str__", "collaborative", "kind", "driver", "change_idea", "created_at"]
    list_filter = ["collaborative", "kind"]


@admin.register(ResourceVersion)
class ResourceVersionAdmin(AuditedAdmin):
    list_display = [
        "resource",
        "number",
        "original_name",
        "size",
        "content_type",
        "uploaded_by",
        "created_at",
    ]
    readonly_fields = [
        "resource",
        "number",
        "stored_name",
        "original_name",
        "size",
        "content_type",
        "uploaded_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # files are uploaded on the library's pages, which check them
