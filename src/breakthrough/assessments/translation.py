"""The assessment scale's levels in English and Spanish (django-modeltranslation)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.assessments.models import AssessmentLevel


@register(AssessmentLevel)
class AssessmentLevelTranslation(TranslationOptions):
    fields = ("label", "description")
    required_languages = ("en",)
