"""A chart's signals in plain words: `{% load signal_words %}{% for s in points|signal_sentences %}`.

Consecutive points flagged by the same rule are one sentence ("From March 2026 to October 2026, 8 months in
a row above the center line: a shift."); points that are signals alone get one sentence each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()
ORDER = ("shift", "trend", "too few crossings", "astronomical point", "outside limits")


def _month(row: dict[str, Any]) -> str:
    return date_format(dt.date.fromisoformat(str(row["x"])[:10]), "YEAR_MONTH_FORMAT")


def _runs(points: list[dict[str, Any]], rule: str) -> list[list[dict[str, Any]]]:
    runs: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    for p in points:
        if p.get("y") is None:
            continue  # a missing month neither breaks nor extends a run
        if rule in (p.get("flags") or []):
            current.append(p)
        elif current:
            runs.append(current)
            current = []
    return [*runs, current] if current else runs


def _sentence(rule: str, run: list[dict[str, Any]]) -> str:
    first, last, n = _month(run[0]), _month(run[-1]), len(run)
    if rule == "shift":
        above = sum((p["y"] or 0) > (p.get("cl") or 0) for p in run) * 2 >= n
        side = _("above the center line") if above else _("below the center line")
        return ngettext(
            "From %(first)s to %(last)s, %(n)s month in a row %(side)s: a shift.",
            "From %(first)s to %(last)s, %(n)s months in a row %(side)s: a shift.",
            n,
        ) % {"first": first, "last": last, "n": n, "side": side}
    if rule == "trend":
        up = (run[-1]["y"] or 0) > (run[0]["y"] or 0)
        way = _("going up") if up else _("going down")
        return ngettext(
            "From %(first)s to %(last)s, %(n)s point in a row %(way)s: a trend.",
            "From %(first)s to %(last)s, %(n)s points in a row %(way)s: a trend.",
            n,
        ) % {"first": first, "last": last, "n": n, "way": way}
    if rule == "too few crossings":
        return _(
            "From %(first)s to %(last)s the line crosses the center line fewer times than chance would: "
            "too few crossings."
        ) % {"first": first, "last": last}
    if rule == "astronomical point":
        return _("In %(month)s, a value far from all the others: an astronomical point.") % {"month": first}
    return _("In %(month)s, a value outside the control limits.") % {"month": first}


@register.filter
def signal_sentences(points: Any) -> list[str]:
    """The signals of one chart's points (rows with ``x``, ``y``, ``cl`` and ``flags``), in plain words."""
    points = [p for p in points or [] if isinstance(p, dict)]
    out = []
    for rule in ORDER:
        for run in _runs(points, rule):
            if rule in ("astronomical point", "outside limits"):
                out += [_sentence(rule, [p]) for p in run]
            else:
                out.append(_sentence(rule, run))
    return out


@register.filter
def iso_month(text: Any) -> str:
    """An ISO date's month as the language writes it ("December 2025", "diciembre de 2025")."""
    try:
        return _month({"x": text})
    except (TypeError, ValueError):
        return str(text or "")
