from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.imports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(AuditedAdmin):
    list_display = ["created_at", "collaborative", "team", "user", "kind", "file_name", "status"]
    list_filter = ["kind", "status"]
    readonly_fields = ["summary", "applied_at"]
