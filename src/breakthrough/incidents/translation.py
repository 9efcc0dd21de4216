"""Content staff write for the incident form, in English and Spanish (django-modeltranslation)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.incidents.models import IncidentOption


@register(IncidentOption)
class IncidentOptionTranslation(TranslationOptions):
    fields = ("label",)
