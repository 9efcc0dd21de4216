from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.pdsa.models import Attachment, PDSACycle, Ramp, Storyboard


@admin.register(Ramp)
class RampAdmin(AuditedAdmin):
    list_display = ["title", "team", "change_idea"]
    list_filter = ["team"]


@admin.register(PDSACycle)
class PDSACycleAdmin(AuditedAdmin):
    list_display = ["ramp", "number", "decision", "is_shared", "planned_start"]
    list_filter = ["decision", "is_shared", "ramp__team"]
    search_fields = ["objective", "study_learning"]


@admin.register(Storyboard)
class StoryboardAdmin(AuditedAdmin):
    list_display = ["team", "updated_at"]


@admin.register(Attachment)
class AttachmentAdmin(AuditedAdmin):
    list_display = ["original_name", "cycle", "storyboard", "content_type", "size", "uploaded_at"]
    readonly_fields = ["stored_name"]
