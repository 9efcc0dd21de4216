"""Vega-Lite specs: one chart, small multiples as one faceted spec, annotations, rendering cache."""

from __future__ import annotations

from breakthrough import charts


def _rows(label="A", n=6):
    return [
        {"facet1": label, "part": 1, "x": f"2026-{m:02d}-01", "y": float(m), "cl": 3.0, "lcl": None,
         "ucl": None, "signal": m == 6, "reasons": "shift" if m == 6 else "", "goal": 5.0}
        for m in range(1, n + 1)
    ]  # fmt: skip


def test_single_chart_has_goal_annotations_and_signal_shapes():
    spec = charts.measure_spec(
        _rows(), title="T", annotations=[{"x": "2026-03-01", "kind": "adopted", "label": "PDSA"}]
    )
    assert "facet" not in spec
    marks = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]
    ]
    assert marks.count("rule") == 2  # goal and annotations
    assert spec["layer"][4]["encoding"]["shape"]["scale"]["range"] == ["circle", "diamond"]
    values = spec["data"]["values"]
    assert [v["signal"] for v in values].count(True) == 1


def test_small_multiples_are_one_faceted_spec_with_shared_scales():
    spec = charts.measure_spec(_rows("A") + _rows("B"), title="T", facet_columns=4)
    assert spec["facet"]["field"] == "facet1"
    assert spec["columns"] == 4
    assert spec["resolve"]["scale"]["y"] == "shared"


def test_render_svg_is_cached_by_the_spec():
    spec = charts.measure_spec(_rows(), title="cache me")
    first = charts.render_svg(spec)
    assert first.startswith("<svg")
    assert charts.render_svg(spec) is first
    assert charts.spec_key(spec) == charts.spec_key(dict(spec))


def test_bar_and_line_specs_render():
    rows = [{"month": "2026-01-01", "n": 2, "driver": "A"}, {"month": "2026-02-01", "n": 3, "driver": "B"}]
    assert "<svg" in charts.render_svg(charts.bar_spec(rows, x="month", y="n", color="driver", title="t",
                                                       x_type="temporal"))  # fmt: skip
    line = [{"month": "2026-01-01", "score": 2, "rated by": "Faculty"}]
    assert "<svg" in charts.render_svg(
        charts.line_spec(line, x="month", y="score", color="rated by", title="t")
    )
