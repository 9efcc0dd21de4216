from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.spread.models import ChangeInUse


@admin.register(ChangeInUse)
class ChangeInUseAdmin(AuditedAdmin):
    list_display = ["ramp", "classroom", "month", "in_use", "recorded_by"]
    list_filter = ["ramp__team__collaborative", "in_use"]
