"""Events' titles, places and descriptions in English and Spanish (django-modeltranslation)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.events.models import Event, EventMaterial


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "location", "description")
    required_languages = {"en": ("title",)}


@register(EventMaterial)
class EventMaterialTranslation(TranslationOptions):
    # A file's title is typed once, on the event's page, in that page's language (the other falls back).
    fields = ("title",)
