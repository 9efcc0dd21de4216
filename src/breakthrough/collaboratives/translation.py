"""A collaborative's topic and description in English and Spanish (django-modeltranslation). Its name is a
proper name and stays one text."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.collaboratives.models import Collaborative


@register(Collaborative)
class CollaborativeTranslation(TranslationOptions):
    fields = ("topic", "description")
    required_languages = {"en": ("topic",)}
