"""A ramp's title in English and Spanish (django-modeltranslation). A ramp started from a change idea takes
the idea's name in both languages; a title a team types goes in the language of its page, and readers of
the other language see it (marked) until someone writes theirs."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.pdsa.models import Ramp


@register(Ramp)
class RampTranslation(TranslationOptions):
    fields = ("title",)
