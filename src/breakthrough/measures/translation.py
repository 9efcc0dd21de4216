"""Measures' names and definitions in English and Spanish (django-modeltranslation; Spanish falls back to
English where it is blank)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.measures.models import Measure, MeasureVersion


@register(Measure)
class MeasureTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(MeasureVersion)
class MeasureVersionTranslation(TranslationOptions):
    fields = ("definition", "numerator_definition", "denominator_definition", "change_reason")
    required_languages = {"en": ("definition",)}
