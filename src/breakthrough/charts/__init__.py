"""Charts: Vega-Lite specs (``specs``) and their rendering by vl-convert (``render``), written once for the
dashboards, their PDF reports and ``breakthrough spc chart``. No Django here.
"""

from __future__ import annotations

from breakthrough.charts.layout import narrow, printed, sized, split, wide
from breakthrough.charts.render import LOCALES, label_of, render_png, render_svg, spec_text, write_chart
from breakthrough.charts.specs import (
    ANNOTATION_COLOURS,
    LABELS,
    bar_spec,
    chart_spec,
    line_spec,
    measure_spec,
    scatter_spec,
    spec_key,
)

__all__ = [
    "ANNOTATION_COLOURS",
    "LABELS",
    "LOCALES",
    "bar_spec",
    "chart_spec",
    "label_of",
    "line_spec",
    "measure_spec",
    "narrow",
    "printed",
    "render_png",
    "render_svg",
    "scatter_spec",
    "sized",
    "spec_key",
    "spec_text",
    "split",
    "wide",
    "write_chart",
]
