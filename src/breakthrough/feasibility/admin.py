from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.feasibility.models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(AuditedAdmin):
    list_display = ("collaborative", "user", "status", "suppressed", "created_at")
    list_filter = ("status",)
    readonly_fields = ("folder", "finished_at", "done_steps", "total_steps")
