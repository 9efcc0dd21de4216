from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from breakthrough.notifications.models import Cursor, Notification, Preference, ScheduledRun


class NoDelete(admin.ModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(NoDelete):
    list_display = ["kind", "user", "collaborative", "created_at", "read_at", "delivery", "attempts"]
    list_filter = ["kind", "delivery"]
    readonly_fields = ["key", "params", "sent_at", "attempts", "last_error"]


@admin.register(Preference)
class PreferenceAdmin(NoDelete):
    list_display = ["user", "kind", "channel"]


@admin.register(ScheduledRun)
class ScheduledRunAdmin(NoDelete):
    list_display = ["job", "slot", "enqueued_at", "task_id"]


@admin.register(Cursor)
class CursorAdmin(NoDelete):
    list_display = ["name", "position", "moved_at"]
