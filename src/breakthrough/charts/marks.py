"""Where a chart's rules fired, as marks: points that are signals on their own (outside the limits, an
astronomical point) stand out by shape and colour; rules about a run of points (a shift, a trend, too few
crossings) shade the months of that run instead of colouring each point. No Django here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

POINT_RULES = ("outside limits", "astronomical point")
RUN_RULES = ("shift", "trend", "too few crossings")
BAND_COLOURS = {"shift": "#F28E2B", "trend": "#B07AA1", "too few crossings": "#9C755F"}


def point_signal(row: dict[str, Any]) -> bool:
    """A point marked as a signal by itself; rows without ``flags`` keep their ``signal``."""
    if "flags" not in row:
        return bool(row.get("signal"))
    return any(name in POINT_RULES for name in row["flags"] or [])


def run_rule(row: dict[str, Any]) -> str | None:
    """The run rule a point belongs to (the first that fired), else None."""
    for name in RUN_RULES:
        if name in (row.get("flags") or []):
            return name
    return None


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(str(text)[:10])


def extents(rows: list[dict[str, Any]]) -> list[tuple[str | None, str | None]]:
    """Each point's stretch of the time axis, from half way to the point before to half way to the next
    (per series), so that shading the points of a run shades one band."""
    out: list[tuple[str | None, str | None]] = [(None, None)] * len(rows)
    by_series: dict[Any, list[int]] = {}
    for i, row in enumerate(rows):
        if row.get("x"):
            by_series.setdefault(row.get("facet1"), []).append(i)
    for indices in by_series.values():
        days = [_day(rows[i]["x"]) for i in indices]
        gaps = [(b - a) / 2 for a, b in itertools.pairwise(days)] or [dt.timedelta(days=15)]
        for k, i in enumerate(indices):
            before = gaps[k - 1] if k else gaps[0]
            after = gaps[k] if k < len(gaps) else gaps[-1]
            out[i] = ((days[k] - before).isoformat(), (days[k] + after).isoformat())
    return out


def band_layer(words: dict[str, str], rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The shaded runs: one rectangle per point in a run, the full height of the chart, behind the lines
    (None when no run rule fired)."""
    found = {run_rule(r) for r in rows}
    rules = [r for r in RUN_RULES if r in found]
    if not rules:
        return None
    return {
        "transform": [{"filter": "datum.run_text != null"}],
        # Not in the accessibility tree (an empty run's container would be a nameless symbol): the page
        # says each run in words, and the chart's name says what it shows.
        "mark": {"type": "rect", "opacity": 0.22, "aria": False},
        "encoding": {
            "x": {"field": "x0", "type": "temporal"},
            "x2": {"field": "x1"},
            "fill": {  # the rules by their names in the reader's language (the data carry no English)
                "field": "run_text",
                "type": "nominal",
                "scale": {"domain": [words[r] for r in rules], "range": [BAND_COLOURS[r] for r in rules]},
                "legend": {"title": words["rules"], "symbolType": "square"},
            },
            "tooltip": [{"field": "run_text", "type": "nominal", "title": words["rules"]}],
        },
    }
