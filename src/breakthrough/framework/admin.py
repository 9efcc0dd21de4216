from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.framework.models import Aim, ChangeIdea, PrimaryDriver, SecondaryDriver


@admin.register(Aim)
class AimAdmin(AuditedAdmin):
    list_display = ["statement", "collaborative", "target_value", "target_date", "order"]


@admin.register(PrimaryDriver)
class PrimaryDriverAdmin(AuditedAdmin):
    list_display = ["name", "collaborative", "order"]
    list_editable = ["order"]


@admin.register(SecondaryDriver)
class SecondaryDriverAdmin(AuditedAdmin):
    list_display = ["name", "primary", "order"]
    list_editable = ["order"]
    list_filter = ["primary"]


@admin.register(ChangeIdea)
class ChangeIdeaAdmin(AuditedAdmin):
    list_display = ["name", "secondary", "team", "order"]
    list_editable = ["order"]
    list_filter = ["secondary__primary"]
