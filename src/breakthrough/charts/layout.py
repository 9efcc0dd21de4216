"""Charts drawn for the width they get: the same spec laid out for a phone (one column, ~350 px) or a
wide page (~1050 px), with text that stays readable (axis and legend labels 12 px, never scaled down).

A page carries both drawings and shows one by a CSS media query; PDFs and downloads take the wide one.
No Django here.
"""

from __future__ import annotations

import copy
import json
import textwrap
from typing import Any

NARROW = 350  # px: a 390 px phone less the page's margins
WIDE = 1050  # px: the page's content width at 1280 px
PRINT = 690  # px: an A4 page's text width (182 mm) at 96 px an inch, so 12 px text prints at 9 pt
TEXT = 12  # px: axis, legend and facet labels
_Y_AXIS = 70  # px a y axis with its labels and title takes beside the plot


def config() -> dict[str, Any]:
    """The look every chart shares: sizes of text, legends under the chart with whole labels."""
    return {
        "font": "sans-serif",
        "view": {"stroke": None},
        "axis": {"labelFontSize": TEXT, "titleFontSize": TEXT},
        "header": {"labelFontSize": TEXT + 1, "labelFontWeight": "bold", "labelLimit": 1000},
        "legend": {
            "orient": "bottom",
            "labelFontSize": TEXT,
            "titleFontSize": TEXT,
            "labelLimit": 400,
            "columns": 3,
        },
        "title": {"fontSize": TEXT + 3, "subtitleFontSize": TEXT, "anchor": "start", "limit": 0},
    }


def _facets(spec: dict[str, Any]) -> int:
    found = {row.get("facet1") for row in spec.get("data", {}).get("values", [])}
    return max(1, len(found))


def _wrap(text: Any, width: int) -> Any:
    """A title as lines short enough for ``width`` pixels (about 7 px a character)."""
    if not isinstance(text, str):
        return text
    lines = textwrap.wrap(text, max(20, width // 10))
    return lines if len(lines) > 1 else text


def _x_encodings(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for part in [spec, spec.get("spec", {})]:
        if "encoding" in part and "x" in part["encoding"]:
            found.append(part["encoding"]["x"])
        for layer in part.get("layer", []):
            if "x" in layer.get("encoding", {}):
                found.append(layer["encoding"]["x"])
    return found


def sized(spec: dict[str, Any], total: int) -> dict[str, Any]:
    """``spec`` laid out to be ``total`` pixels wide: facets in as many columns as fit, the plot filling the
    rest; on a narrow screen months tick every quarter and titles wrap."""
    out = copy.deepcopy(spec)
    out["config"] = {**config(), **{k: v for k, v in out.get("config", {}).items() if k not in config()}}
    narrow = total < 600
    if "facet" in out and "spec" in out:
        columns = min(out.get("columns") or 1, _facets(out), max(1, total // 260))
        out["columns"] = columns
        out["spec"]["width"] = total // columns - _Y_AXIS - 10 * (columns - 1)
        header: dict[str, Any] = {"labelLimit": 1000, "labelFontSize": TEXT + 1}
        names = sorted({str(r.get("facet1")) for r in out.get("data", {}).get("values", [])})
        width = out["spec"]["width"] + _Y_AXIS
        wrap = max(16, width // 9)
        long = {name: textwrap.wrap(name, wrap) for name in names if len(name) * 8 > width - 40}
        if long:  # long names of measures on two lines rather than cut
            expression = "datum.value"  # (a header's datum.label is not set yet when this runs)
            for name, lines in long.items():
                expression = f"datum.value === {json.dumps(name)} ? {json.dumps(lines)} : ({expression})"
            header["labelExpr"] = expression
        out["facet"] = {**out["facet"], "header": header}
        if narrow:
            out["spec"]["height"] = min(out["spec"].get("height", 140), 140)
            resolve = out.setdefault("resolve", {})
            resolve["axis"] = {**resolve.get("axis", {}), "x": "independent"}  # months under every chart
    else:
        out["width"] = total - _Y_AXIS
        if narrow:
            out["height"] = min(out.get("height", 200), 200)
    if narrow:
        out["config"]["legend"] = {**out["config"]["legend"], "columns": 2}
    for x in _x_encodings(out):
        if x.get("type") == "temporal":  # a tick a month (a quarter on a phone), each month named once
            axis = {**x.get("axis", {}), "labelOverlap": "greedy"}
            axis.setdefault("tickCount", {"interval": "month", "step": 3 if narrow else 1})
            if narrow:
                axis["labelAngle"] = -45
            x["axis"] = axis
    title = out.get("title")
    if isinstance(title, dict):
        out["title"] = {**title, "text": _wrap(title.get("text"), total)}
        if "subtitle" in title:
            out["title"]["subtitle"] = _wrap(title["subtitle"], total)
    elif title:
        out["title"] = _wrap(title, total)
    return out


def narrow(spec: dict[str, Any]) -> dict[str, Any]:
    return sized(spec, NARROW)


def wide(spec: dict[str, Any]) -> dict[str, Any]:
    return sized(spec, WIDE)


def printed(spec: dict[str, Any]) -> dict[str, Any]:
    """For an A4 report: the page's width, facets two a row, each small enough to keep a page's charts
    together with their heading."""
    out = sized(spec, PRINT)
    if "facet" in out and "spec" in out:
        out["spec"]["height"] = min(out["spec"].get("height", 120), 120)
    return out


def split(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """A faceted spec as one spec per facet (its rows only, titled by the facet), in the facets' order, so
    a report can let them flow over pages; any other spec alone."""
    if "facet" not in spec or "spec" not in spec:
        return [spec]
    values = spec.get("data", {}).get("values", [])
    order = spec["facet"].get("sort") or list(dict.fromkeys(r.get("facet1") for r in values))
    parts = []
    for name in order:
        part = {k: copy.deepcopy(v) for k, v in spec.items() if k not in {"facet", "spec", "columns"}}
        part.update(copy.deepcopy(spec["spec"]))
        part["data"] = {"values": [r for r in values if r.get("facet1") == name]}
        part["title"] = str(name)
        part["description"] = str(name)
        part["resolve"] = {"scale": {"color": "independent", "stroke": "independent"}}
        parts.append(part)
    return parts
