from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.dashboards.models import ChartPhase, ReportRun


@admin.register(ChartPhase)
class ChartPhaseAdmin(AuditedAdmin):
    list_display = ["measure", "team", "starts", "accepted_by", "archived_at"]
    list_filter = ["measure"]


@admin.register(ReportRun)
class ReportRunAdmin(AuditedAdmin):
    list_display = ["created_at", "collaborative", "user", "language", "status", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["query", "file_name", "finished_at"]
