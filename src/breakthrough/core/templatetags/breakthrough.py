from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_exists(name: str, *args: Any) -> str:
    """A URL, or "" when that page does not exist (so shared templates link only to pages that are built)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
