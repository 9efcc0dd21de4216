from __future__ import annotations

from django.contrib import admin

from breakthrough.api.models import ApiToken
from breakthrough.core.admin import AuditedAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["user", "name", "prefix", "expires_at", "last_used_at", "archived_at"]
    readonly_fields = ["prefix", "last_used_at"]
    search_fields = ["user__username", "name", "prefix"]
