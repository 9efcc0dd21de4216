from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.dashboards.models import ChartPhase


@admin.register(ChartPhase)
class ChartPhaseAdmin(AuditedAdmin):
    list_display = ["measure", "team", "starts", "accepted_by", "archived_at"]
    list_filter = ["measure"]
