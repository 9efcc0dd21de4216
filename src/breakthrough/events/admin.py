from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from breakthrough.core.admin import AuditedAdmin, TranslatedAdmin
from breakthrough.events.models import Attendance, Event, EventMaterial


@admin.register(Event)
class EventAdmin(TranslatedAdmin):
    list_display = ["title", "kind", "starts_at", "role_group", "team"]
    list_filter = ["kind", "collaborative"]


@admin.register(Attendance)
class AttendanceAdmin(AuditedAdmin):
    list_display = ["event", "user", "status"]
    list_filter = ["status", "event__kind"]


@admin.register(EventMaterial)
class EventMaterialAdmin(TranslatedAdmin):
    list_display = ["title", "event", "stored_name", "uploaded_by", "created_at"]
    list_filter = ["event__collaborative"]
    readonly_fields = ["stored_name", "uploaded_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # files are attached on the event's page, which stores them
