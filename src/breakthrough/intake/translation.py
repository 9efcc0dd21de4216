"""Content that staff write, in English and Spanish side by side (django-modeltranslation)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.intake.models import (
    ApplicationCall,
    PlanningMeeting,
    ReadinessCriterion,
    ReadinessLevel,
    ReadinessRubric,
)


@register(ApplicationCall)
class ApplicationCallTranslation(TranslationOptions):
    fields = ("introduction",)


@register(ReadinessRubric)
class ReadinessRubricTranslation(TranslationOptions):
    fields = ("name",)


@register(ReadinessCriterion)
class ReadinessCriterionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(ReadinessLevel)
class ReadinessLevelTranslation(TranslationOptions):
    fields = ("label", "description")


@register(PlanningMeeting)
class PlanningMeetingTranslation(TranslationOptions):
    fields = ("focus_areas", "rationale")
