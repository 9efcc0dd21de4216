from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, gettext_lazy

from breakthrough.core.forms import field_rows as _field_rows
from breakthrough.core.translated import fallback_language

register = template.Library()


@register.simple_tag
def url_if_exists(name: str, *args: Any) -> str:
    """A URL, or "" when that page does not exist (so shared templates link only to pages that are built)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


MARKERS = {"en": gettext_lazy("(in English)"), "es": gettext_lazy("(in Spanish)")}


@register.simple_tag
def translated(instance: Any, field: str) -> str:
    """A content field in the page's language; where that language's text is missing, the other
    language's text in a span marked with its ``lang`` and a small "(in English)" marker, so readers
    and screen readers know."""
    if instance is None:
        return ""
    value = getattr(instance, field, "")
    other = fallback_language(instance, field, (get_language() or settings.LANGUAGE_CODE)[:2])
    if other is None:
        return conditional_escape(value)
    return format_html(
        '<span lang="{}">{}</span> <small class="fallback-marker">{}</small>', other, value, MARKERS[other]
    )


@register.filter
def fallback_marker(instance: Any, field: str) -> str:
    """Just the marker, for places that print the field themselves: " (in English)" or ""."""
    if instance is None:
        return ""
    other = fallback_language(instance, field, (get_language() or settings.LANGUAGE_CODE)[:2])
    if other is None:
        return ""
    return format_html(' <small class="fallback-marker">{}</small>', MARKERS[other])


@register.filter
def field_rows(form: Any) -> list[list[Any]]:
    """``{% for row in form|field_rows %}``: a content field's English and Spanish side by side."""
    return _field_rows(form)
