from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.events.models import Attendance, Event


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    list_display = ["title", "kind", "starts_at", "role_group", "team"]
    list_filter = ["kind", "collaborative"]


@admin.register(Attendance)
class AttendanceAdmin(AuditedAdmin):
    list_display = ["event", "user", "status"]
    list_filter = ["status", "event__kind"]
