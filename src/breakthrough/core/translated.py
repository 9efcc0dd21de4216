"""Content in two languages (django-modeltranslation): the data migration that fills the English columns,
and what a page needs to mark a Spanish text that falls back to English."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language


def copy_into_default_language(app_label: str, fields: dict[str, tuple[str, ...]]) -> Any:
    """A ``RunPython`` step: each model's existing ``name`` goes into ``name_en`` (the default language),
    where ``name_en`` is still blank, so content written before translation stays what it was."""
    language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE

    def forwards(apps: Any, schema_editor: Any) -> None:
        for model_name, names in fields.items():
            model = apps.get_model(app_label, model_name)
            for name in names:
                model._base_manager.filter(**{f"{name}_{language}": ""}).update(
                    **{f"{name}_{language}": F(name)}
                )
                model._base_manager.filter(**{f"{name}_{language}__isnull": True}).update(
                    **{f"{name}_{language}": F(name)}
                )

    return forwards


def fallback_language(instance: Any, field: str, language: str) -> str | None:
    """The language ``instance.field`` is shown in when it has no text in ``language`` (the page then says
    so), or None when it has its own text (or is not translated at all)."""
    if not hasattr(instance, f"{field}_{language}"):
        return None
    if (getattr(instance, f"{field}_{language}", None) or "").strip():
        return None
    for other in settings.MODELTRANSLATION_LANGUAGES:
        if other != language and (getattr(instance, f"{field}_{other}", None) or "").strip():
            return str(other)
    return None


def in_each_language(instance: Any, field: str, key: str) -> dict[str, str]:
    """A content field's text for a stored message's parameters: ``{key: English, key_es: Spanish}``, so a
    notification written today reads in the language of whoever opens it later (see ``text_of``)."""
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    found = {key: getattr(instance, f"{field}_{default}", None) or getattr(instance, field)}
    for language in settings.MODELTRANSLATION_LANGUAGES:
        if language != default and (text := getattr(instance, f"{field}_{language}", None)):
            found[f"{key}_{language}"] = text
    return found


def text_of(params: dict[str, Any], key: str) -> str:
    """The parameter ``key`` in the active language (as stored by ``in_each_language``)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return str(params.get(f"{key}_{language}") or params.get(key, ""))


def localized(path: str) -> Any:
    """An ORM expression for a translated field reached through relations (``values_list`` across a
    join is not rewritten by modeltranslation): the active language's column, else the other's."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    order = [language, *(lang for lang in settings.MODELTRANSLATION_LANGUAGES if lang != language)]
    return Coalesce(
        *(NullIf(F(f"{path}_{lang}"), Value("")) for lang in order), Value(""), output_field=TextField()
    )


def translated_fields(model: Any) -> tuple[str, ...]:
    """The fields of ``model`` registered for translation (in its app's ``translation.py``), or ()."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(getattr(translator.get_options_for_model(model), "fields", ()))
    except NotRegistered:
        return ()


def values_in_every_language(obj: Any, names: list[str]) -> dict[str, Any]:
    """``obj``'s values of ``names`` to build a copy from: a translated field as its columns in every
    language (``name_en``, ``name_es``), so a copy made from a Spanish page keeps both texts."""
    translated = translated_fields(type(obj))
    values: dict[str, Any] = {}
    for name in names:
        if name in translated:
            for language in settings.MODELTRANSLATION_LANGUAGES:
                values[f"{name}_{language}"] = getattr(obj, f"{name}_{language}")
        else:
            values[name] = getattr(obj, name)
    return values


def in_every_language(text: Any, field: str) -> dict[str, str]:
    """A lazily translated text (a choice's label) as a translated field's columns: ``{name_en: …,
    name_es: …}``, each in its own language."""
    from django.utils import translation

    values = {}
    for language in settings.MODELTRANSLATION_LANGUAGES:
        with translation.override(language):
            values[f"{field}_{language}"] = str(text)
    return values
