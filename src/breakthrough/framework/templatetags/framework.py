from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_counts(counts: dict[int, dict[str, int]], idea_id: int) -> dict[str, int]:
    """The counts of one change idea, zero when no team has tested it."""
    return counts.get(idea_id, {"cycles": 0, "adopted": 0})
