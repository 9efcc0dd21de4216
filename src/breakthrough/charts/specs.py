"""Vega-Lite specifications of run and control charts, for the dashboards, their reports and the CLI.

No Django here: a spec is built from plain rows or a ``qic()`` table. ``chart_spec`` draws a ``qic()``
table (points, centre line, limits, signal points coloured), as ``breakthrough spc chart`` does;
``measure_spec`` builds on it with the goal line, the annotations on the time axis, shapes for signals
(never colour alone) and facets for small multiples; ``bar_spec`` and ``line_spec`` draw counts and scores.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd

from breakthrough.charts import layout, marks

COLUMNS = [
    "facet1",
    "part",
    "x",
    "y",
    "cl",
    "lcl",
    "ucl",
    "sigma_signal",
    "long_run_signal",
    "crossings_signal",
]
# The words a chart shows besides its data: legends, tooltips, its description. The Django layer passes them
# translated (``labels=``); these English ones are the default.
LABELS = {
    "signal": "signal",
    "yes": "yes",
    "no": "no",
    "month": "month",
    "value": "value",
    "centre": "centre",
    "signals": "signals",
    "annotations": "annotations",
    "description": "{title}: a chart; its data table follows.",
    "session": "learning session",
    "adopted": "adopted change",
    "cycle": "PDSA cycle",
    "version": "new definition",
    "phase": "new phase",
    "note": "note",
    "rules": "rule over several months",
    "shift": "shift",
    "trend": "trend",
    "too few crossings": "too few crossings",
}


def _labels(labels: dict[str, str] | None) -> dict[str, str]:
    return {**LABELS, **(labels or {})}


def _legend_text(mapping: dict[str, str]) -> str:
    """A Vega expression that shows each legend value as ``mapping`` says (values not in it unchanged)."""
    expression = "datum.label"
    for value, text in mapping.items():
        expression = f"datum.label === {json.dumps(value)} ? {json.dumps(text)} : ({expression})"
    return expression


ANNOTATION_COLOURS = {
    "session": "#4C6A92",
    "adopted": "#2E7D32",
    "cycle": "#9E9E9E",
    "version": "#8E24AA",
    "phase": "#C62828",
    "note": "#6D4C41",
}


def measure_spec(
    rows: list[dict[str, Any]],
    *,
    title: str,
    y_title: str = "",
    goal: float | None = None,
    annotations: list[dict[str, Any]] | None = None,
    facet_columns: int | None = None,
    independent_y: bool = False,
    width: int = 560,
    height: int = 220,
    subtitle: str = "",
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One chart (or one faceted spec of small multiples when rows name several ``facet1``).

    ``rows``: dicts with ``facet1`` (series label), ``part`` (phase), ``x`` (ISO month), ``y``, ``cl``,
    ``lcl``, ``ucl`` (None where absent), ``signal`` (bool) and ``reasons`` (text). ``annotations``: dicts
    with ``x`` (ISO month), ``kind`` (a key of ``ANNOTATION_COLOURS``) and ``label``.
    """
    n = len(rows)
    words = _labels(labels)
    spans = marks.extents(rows)
    runs = [marks.run_rule(r) for r in rows]
    frame = pd.DataFrame(
        {
            **{k: [r.get(k) for r in rows] for k in ("facet1", "part", "x")},
            **{k: np.array([r.get(k) for r in rows], dtype=float) for k in ("y", "cl", "lcl", "ucl")},
            "sigma_signal": [marks.point_signal(r) for r in rows],
            "long_run_signal": [False] * n,
            "crossings_signal": [False] * n,
            "reasons": [r.get("reasons", "") for r in rows],
            "goal": [r.get("goal", goal) for r in rows],
            "run_text": [words[run] if run else None for run in runs],
            "x0": [s[0] for s in spans],
            "x1": [s[1] for s in spans],
        },
        columns=[*COLUMNS, "reasons", "goal", "run_text", "x0", "x1"],
    )
    yes_no = _legend_text({"true": words["yes"], "false": words["no"]})
    signal_legend = {"title": words["signal"], "labelExpr": yes_no}
    spec = chart_spec(frame, title)
    faceted = "facet" in spec
    layers: list[dict[str, Any]] = spec["spec"]["layer"] if faceted else spec["layer"]
    x = {"field": "x", "type": "temporal", "title": None, "axis": {"format": "%b %Y", "labelAngle": -40}}
    for layer in layers:
        layer["encoding"]["x"] = x
    # Signal points also differ by shape, and say why in the tooltip.
    points = layers[-1]
    points["encoding"]["shape"] = {
        "field": "signal",
        "type": "nominal",
        "scale": {"domain": [False, True], "range": ["circle", "diamond"]},
        "legend": signal_legend,
    }
    points["encoding"]["color"]["legend"] = signal_legend
    points["encoding"]["size"] = {
        "field": "signal",
        "type": "nominal",
        "scale": {"domain": [False, True], "range": [30, 110]},
        "legend": None,
    }
    points["encoding"]["tooltip"] = [
        {"field": "x", "type": "temporal", "format": "%B %Y", "title": words["month"]},
        {"field": "y", "type": "quantitative", "format": ".3~f", "title": words["value"]},
        {"field": "cl", "type": "quantitative", "format": ".3~f", "title": words["centre"]},
        {"field": "reasons", "type": "nominal", "title": words["signals"]},
    ]
    points["mark"] = {"type": "point", "filled": True}
    layers[0]["encoding"]["y"]["title"] = y_title or None
    layers[0]["encoding"]["y"]["scale"] = {"zero": False}
    band = marks.band_layer(words, rows)
    if band is not None:
        layers.insert(0, band)  # behind the lines
    if goal is not None or any(r.get("goal") is not None for r in rows):
        layers.append(
            {
                "mark": {"type": "rule", "color": "#2E7D32", "strokeDash": [8, 4], "strokeWidth": 1.5},
                "encoding": {"y": {"field": "goal", "type": "quantitative", "aggregate": "max"}},
            }
        )
    if annotations and faceted:
        layers.append(
            {
                "data": {"values": annotations},
                "mark": {"type": "rule", "strokeWidth": 1, "opacity": 0.6},
                "encoding": {
                    "x": {"field": "x", "type": "temporal"},
                    "stroke": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {"domain": ["session"], "range": [ANNOTATION_COLOURS["session"]]},
                        "legend": {"title": None, "labelExpr": _legend_text({"session": words["session"]})},
                    },
                    "tooltip": [{"field": "label"}],
                },
            }
        )
    elif annotations:
        kinds = sorted({a["kind"] for a in annotations})
        layers.append(
            {
                "data": {"values": annotations},
                "mark": {"type": "rule", "strokeWidth": 1, "opacity": 0.8},
                "encoding": {
                    "x": {"field": "x", "type": "temporal"},
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {"domain": kinds, "range": [ANNOTATION_COLOURS[k] for k in kinds]},
                        "legend": {
                            "title": words["annotations"],
                            "labelExpr": _legend_text({k: words[k] for k in kinds}),
                        },
                    },
                    "strokeDash": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {"domain": kinds, "range": [_dash(k) for k in kinds]},
                        "legend": None,
                    },
                    "strokeWidth": {
                        "condition": {"test": "datum.kind === 'adopted'", "value": 3},
                        "value": 1,
                    },
                    "tooltip": [{"field": "label", "type": "nominal"}],
                },
            }
        )
    labelled = [a for a in annotations or [] if a["kind"] in LABELLED]
    if labelled:  # the few lines worth naming on the chart itself (cycles: legend and tooltip)
        layers.append(
            {
                "data": {"values": labelled},
                "mark": {
                    **{"type": "text", "angle": 270, "align": "right", "baseline": "bottom"},
                    **{"dx": -3, "dy": -2, "fontSize": 11, "color": "#33415c"},
                },
                "encoding": {
                    "x": {"field": "x", "type": "temporal"},
                    "y": {"value": 0},
                    "text": {"field": "label", "type": "nominal"},
                    "tooltip": [{"field": "label", "type": "nominal"}],
                },
            }
        )
    if not faceted:
        spec["resolve"] = {"scale": {"color": "independent", "strokeDash": "independent"}}
    if subtitle:
        spec["title"] = {"text": title, "subtitle": subtitle}
    if faceted:
        order = list(dict.fromkeys(r.get("facet1") for r in rows))  # facets in the order of the rows
        spec["facet"] = {"field": "facet1", "type": "nominal", "title": None, "sort": order}
        spec["columns"] = facet_columns or 4
        spec["spec"]["width"] = width
        spec["spec"]["height"] = height
        if independent_y:
            spec["resolve"] = {"scale": {"y": "independent"}}
        else:
            spec["resolve"] = {"scale": {"y": "shared"}}
    else:
        spec["width"], spec["height"] = width, height
    spec["config"] = layout.config()
    spec["description"] = words["description"].format(title=title)
    return spec


def bar_spec(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    color: str | None = None,
    title: str,
    x_type: str = "ordinal",
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A (stacked) bar chart: counts per month by a category (drivers, decisions, roles)."""
    encoding: dict[str, Any] = {
        "x": {"field": x, "type": x_type, "title": None},
        "y": {"field": y, "type": "quantitative", "title": None, "stack": "zero"},
        "tooltip": [{"field": x}, {"field": y}] + ([{"field": color}] if color else []),
    }
    if x_type == "temporal":
        encoding["x"]["timeUnit"] = "yearmonth"
        encoding["x"]["axis"] = {"format": "%b %Y", "labelAngle": -40}
    if color:
        encoding["color"] = {
            "field": color,
            "type": "nominal",
            "title": None,
            "scale": {"scheme": "tableau10"},
        }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "description": _labels(labels)["description"].format(title=title),
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": encoding,
        "width": 560,
        "height": 180,
        "config": layout.config(),
    }


def line_spec(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    color: str,
    title: str,
    labels: dict[str, str] | None = None,
    x_title: str | None = None,
) -> dict[str, Any]:
    """Lines by group over months (e.g. faculty vs self rating and the gap). With ``x_title`` the x field
    is a count (month 1, 2, … of a collaborative, to lay waves over each other) instead of a date."""
    x_axis: dict[str, Any] = {"field": x, "type": "temporal", "title": None, "axis": {"format": "%b %Y"}}
    x_tip: dict[str, Any] = {"field": x, "type": "temporal", "format": "%B %Y"}
    legend: dict[str, Any] = {}
    if x_title is not None:
        x_axis = {"field": x, "type": "quantitative", "title": x_title, "axis": {"tickMinStep": 1}}
        x_tip = {"field": x, "title": x_title}
        legend = {"legend": {"orient": "bottom", "labelLimit": 0}}  # whole labels, under the chart
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "description": _labels(labels)["description"].format(title=title),
        "data": {"values": rows},
        "mark": {"type": "line", "point": {"filled": True}},
        "encoding": {
            "x": x_axis,
            "y": {"field": y, "type": "quantitative", "title": None},
            "color": {"field": color, "type": "nominal", "title": None, **legend},
            "strokeDash": {"field": color, "type": "nominal", "title": None, **legend},
            "tooltip": [x_tip, {"field": y}, {"field": color}],
        },
        "width": 560,
        "height": 180,
        "config": layout.config(),
    }


def scatter_spec(
    rows: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    line: tuple[float, float] | None = None,
    tooltip: str | None = None,
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Points of two quantities (one per team, say) and, with ``line=(intercept, slope)``, the fitted line
    drawn across the points' x range."""
    tip = [{"field": tooltip}] if tooltip else []
    points: dict[str, Any] = {
        "mark": {"type": "point", "filled": True, "size": 70},
        "encoding": {
            "x": {"field": x, "type": "quantitative", "title": x_title, "scale": {"zero": False}},
            "y": {"field": y, "type": "quantitative", "title": y_title, "scale": {"zero": False}},
            "tooltip": [*tip, {"field": x}, {"field": y}],
        },
    }
    layers = [points]
    xs = [r[x] for r in rows if r.get(x) is not None]
    if line is not None and xs:
        a, b = line
        ends = [{x: v, y: a + b * v} for v in (min(xs), max(xs))]
        layers.append(
            {
                "data": {"values": ends},
                "mark": {"type": "line", "color": "#555", "strokeDash": [6, 3]},
                "encoding": {
                    "x": {"field": x, "type": "quantitative"},
                    "y": {"field": y, "type": "quantitative"},
                },
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "description": _labels(labels)["description"].format(title=title),
        "data": {"values": rows},
        "layer": layers,
        "width": 480,
        "height": 240,
        "config": {"font": "sans-serif", "view": {"stroke": None}},
    }


LABELLED = ("session", "phase", "version")  # annotations named on the chart, not only in its legend


def _dash(kind: str) -> list[int]:
    return {"session": [], "adopted": [], "cycle": [2, 2], "version": [6, 3], "phase": [], "note": [1, 3]}[
        kind
    ]


def spec_key(spec: dict[str, Any]) -> str:
    """A stable hash of a spec: the cache key of its rendering."""
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()


def _column_values(column: pd.Series) -> list[Any]:
    """A column as plain JSON values: ISO dates, None for missing or infinite numbers, Python scalars."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return [None if pd.isna(v) else v for v in column.dt.strftime("%Y-%m-%d").tolist()]
    if pd.api.types.is_float_dtype(column):
        values = column.to_numpy(dtype=float)
        return np.where(np.isfinite(values), values, None).tolist()
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_integer_dtype(column):
        return column.tolist()
    values = column.tolist()
    if set(map(type, values)) <= _PLAIN_TYPES:  # labels, ISO dates, reasons: nothing to convert
        return values
    return [_plain(v) for v in values]


_PLAIN_TYPES = {str, int, bool, type(None)}


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The table as Vega-Lite data rows, built column by column (a row loop costs ~10× more)."""
    names = [str(c) for c in df.columns]
    columns = [_column_values(df[c]) for c in df.columns]

    def flags(name: str) -> np.ndarray:
        return df[name].fillna(False).to_numpy(dtype=bool) if name in df else np.zeros(len(df), dtype=bool)

    names.append("signal")
    columns.append((flags("sigma_signal") | flags("long_run_signal") | flags("crossings_signal")).tolist())
    names.append("series")
    columns.append([f"{facet} · part {part}" for facet, part in zip(df["facet1"], df["part"], strict=True)])
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def chart_spec(df: pd.DataFrame, title: str) -> dict[str, Any]:
    """A Vega-Lite spec of a ``qic()`` table: points, centre line, limits, signal points coloured.

    Points outside the limits or in a too-long run / too-few-crossings phase are orange; lines are
    drawn per facet and phase, and facets become rows of small multiples.
    """
    values = _records(df)
    x_type = "temporal" if values and isinstance(values[0]["x"], str) and _is_date(values[0]["x"]) else (
        "ordinal" if values and isinstance(values[0]["x"], str) else "quantitative")  # fmt: skip
    x = {"field": "x", "type": x_type, "title": None}
    line = {
        "mark": {"type": "line", "color": "#5DA5DA"},
        "encoding": {
            "x": x,
            "y": {"field": "y", "type": "quantitative", "title": None},
            "detail": {"field": "series"},
        },
    }
    layers: list[dict[str, Any]] = [line]
    for field, dash in (("cl", []), ("lcl", [4, 3]), ("ucl", [4, 3])):
        layers.append({"mark": {"type": "line", "color": "#777777", "strokeDash": dash, "interpolate": "step-after"},  # noqa: E501
                       "encoding": {"x": x, "y": {"field": field, "type": "quantitative"},
                                    "detail": {"field": "series"}}})  # fmt: skip
    layers.append(
        {
            "mark": {"type": "point", "filled": True, "size": 40},
            "encoding": {
                "x": x,
                "y": {"field": "y", "type": "quantitative"},
                "color": {
                    "field": "signal",
                    "type": "nominal",
                    "scale": {"domain": [False, True], "range": ["#5DA5DA", "#FAA43A"]},
                    "legend": {"title": "signal"},
                },
                "tooltip": [
                    {"field": "x"},
                    {"field": "y"},
                    {"field": "cl"},
                    {"field": "lcl"},
                    {"field": "ucl"},
                ],
            },
        }
    )
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "data": {"values": values},
        "width": 560,
        "height": 220,
    }
    if len({v["facet1"] for v in values}) > 1:
        spec["facet"] = {"row": {"field": "facet1", "type": "nominal", "title": None}}
        spec["spec"] = {"layer": layers, "width": 560, "height": 160}
        del spec["width"], spec["height"]
    else:
        spec["layer"] = layers
    return spec


def _is_date(text: str) -> bool:
    try:
        pd.Timestamp(text)
    except (ValueError, TypeError):
        return False
    return len(text) >= 8 and text[:4].isdigit()
