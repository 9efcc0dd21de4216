"""The framework's content in English and Spanish (django-modeltranslation: ``name_en`` and ``name_es``
beside ``name``; a blank Spanish text falls back to the English one)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.framework.models import Aim, ChangeIdea, PrimaryDriver, SecondaryDriver


@register(Aim)
class AimTranslation(TranslationOptions):
    fields = ("statement",)
    required_languages = ("en",)


@register(PrimaryDriver)
class PrimaryDriverTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}


@register(SecondaryDriver)
class SecondaryDriverTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}


@register(ChangeIdea)
class ChangeIdeaTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}
