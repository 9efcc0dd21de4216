"""What every app's forms share: a service's refusal shown beside the fields it names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

IN_LANGUAGE = {"en": _("%(field)s in English"), "es": _("%(field)s in Spanish")}


def errors_by_field(exc: ValidationError) -> dict[str, list[str]]:
    """A service's refusal as field → messages (``__all__`` for what names no field), for pages that draw
    their own fields (the monthly form, the rating form)."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}


def add_service_errors(exc: ValidationError, *on: forms.BaseForm) -> None:
    """Show a service's errors beside their fields (on the first form that has one), the rest above."""
    for field, messages in errors_by_field(exc).items():
        form = next((f for f in on if field in f.fields), None)
        if form is None:  # a rule about a translated field goes beside its English text
            default = f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
            if form := next((f for f in on if default in f.fields), None):
                field = default
        for message in messages:
            (form or on[0]).add_error(field if form else None, message)


class ServiceErrors:
    """A form whose service may refuse it: ``form.add_service_errors(exc)`` puts the messages in place."""

    def add_service_errors(self, exc: ValidationError) -> None:
        assert isinstance(self, forms.BaseForm)
        add_service_errors(exc, self)


def bilingual(form: forms.BaseForm, labels: dict[str, Any] | None = None) -> None:
    """Label a form's content fields in two languages (``name_en`` "Name in English", ``name_es`` "Name
    in Spanish") and mark each input with its language (spelling checks, screen readers). ``labels``
    names the base label of fields that are not a model's (``{"name": _("name")}``)."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        base, _sep, language = name.rpartition("_")
        if not base or language not in IN_LANGUAGE:
            continue
        if labels and base in labels:
            label = labels[base]
        elif model is not None:
            label = model._meta.get_field(base).verbose_name
        else:
            continue
        field.label = capfirst(IN_LANGUAGE[language] % {"field": label})
        field.widget.attrs["lang"] = language
        if language != settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            field.required = False
            field.help_text = _("Left blank, pages in this language show the English text, marked.")


def field_rows(form: forms.BaseForm) -> list[list[Any]]:
    """The visible fields in rows: a content field's languages side by side, every other field alone."""
    rows: list[list[Any]] = []
    by_base: dict[str, list[Any]] = {}
    for bound in form.visible_fields():
        base, _sep, language = bound.name.rpartition("_")
        if base and language in IN_LANGUAGE and base in by_base:
            by_base[base].append(bound)
            continue
        row = [bound]
        if base and language in IN_LANGUAGE:
            by_base[base] = row
        rows.append(row)
    return rows
