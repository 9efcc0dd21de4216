from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.exports.models import Export


@admin.register(Export)
class ExportAdmin(AuditedAdmin):
    list_display = ["created_at", "collaborative", "user", "format", "identified", "status", "rows_total"]
    list_filter = ["format", "identified", "status"]
    readonly_fields = ["file_name", "rows_done", "rows_total", "finished_at"]
