from __future__ import annotations

from django.contrib import admin

from breakthrough.assessments.models import Assessment, AssessmentLevel
from breakthrough.core.admin import AuditedAdmin, TranslatedAdmin


@admin.register(AssessmentLevel)
class AssessmentLevelAdmin(TranslatedAdmin):
    list_display = ["score", "label"]


@admin.register(Assessment)
class AssessmentAdmin(AuditedAdmin):
    list_display = ["team", "period", "source", "score"]
    list_filter = ["source", "team__collaborative"]
