from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from breakthrough.core.admin import AuditedAdmin
from breakthrough.intake.models import (
    Application,
    ApplicationCall,
    PlanningMeeting,
    PlanningParticipant,
    ReadinessCriterion,
    ReadinessLevel,
    ReadinessRating,
    ReadinessRubric,
)


@admin.register(ApplicationCall)
class ApplicationCallAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["collaborative", "applications_open", "closes_on"]
    list_filter = ["applications_open"]


@admin.register(Application)
class ApplicationAdmin(AuditedAdmin):
    list_display = ["program_name", "collaborative", "program_kind", "language", "status", "submitted_at"]
    list_filter = ["collaborative", "status", "language", "program_kind"]
    search_fields = ["program_name", "city"]
    raw_id_fields = ["program", "team", "decided_by"]


@admin.register(ReadinessRubric)
class ReadinessRubricAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["name", "collaborative"]


@admin.register(ReadinessCriterion)
class ReadinessCriterionAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["name", "rubric", "order"]
    list_filter = ["rubric"]


@admin.register(ReadinessLevel)
class ReadinessLevelAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["criterion", "score", "label"]
    list_filter = ["criterion__rubric"]


@admin.register(ReadinessRating)
class ReadinessRatingAdmin(AuditedAdmin):
    list_display = ["application", "criterion", "level", "rater"]
    list_filter = ["criterion__rubric"]
    raw_id_fields = ["application", "rater"]


@admin.register(PlanningMeeting)
class PlanningMeetingAdmin(AuditedAdmin, TranslationAdmin):
    list_display = ["collaborative", "held_on", "place"]
    filter_horizontal = ["drivers", "measures"]


@admin.register(PlanningParticipant)
class PlanningParticipantAdmin(AuditedAdmin):
    list_display = ["meeting", "role", "count"]
