"""Content that project staff and evaluators write, kept in English and Spanish (django-modeltranslation)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.fieldwork.models import Adaptation


@register(Adaptation)
class AdaptationTranslation(TranslationOptions):
    fields = ("what_changed", "why")
    required_languages = ("en",)
