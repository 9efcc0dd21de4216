"""The study's content that staff write, in English and Spanish (django-modeltranslation).

Items and subscales keep their own ``text_en``/``text_es`` and ``name_en``/``name_es`` columns, and an
instrument its ``name``/``name_es``: a survey is shown in the language of the respondent's link, not of the
page, proprietary instruments must store no item text at all, and the shipped instruments' migrations fill
those columns. Waves, respondent groups and instruments' descriptions are plain content, registered here.
"""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from breakthrough.study.models import Instrument, RespondentGroup, Wave


@register(Wave)
class WaveTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(RespondentGroup)
class RespondentGroupTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("description",)
