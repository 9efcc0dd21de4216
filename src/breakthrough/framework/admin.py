from __future__ import annotations

from django.contrib import admin

from breakthrough.core.admin import TranslatedAdmin
from breakthrough.framework.models import Aim, ChangeIdea, PrimaryDriver, SecondaryDriver


@admin.register(Aim)
class AimAdmin(TranslatedAdmin):
    list_display = ["statement", "collaborative", "target_value", "target_date", "order"]


@admin.register(PrimaryDriver)
class PrimaryDriverAdmin(TranslatedAdmin):
    list_display = ["name", "collaborative", "order"]
    list_editable = ["order"]


@admin.register(SecondaryDriver)
class SecondaryDriverAdmin(TranslatedAdmin):
    list_display = ["name", "primary", "order"]
    list_editable = ["order"]
    list_filter = ["primary"]


@admin.register(ChangeIdea)
class ChangeIdeaAdmin(TranslatedAdmin):
    list_display = ["name", "secondary", "team", "order"]
    list_editable = ["order"]
    list_filter = ["secondary__primary"]
