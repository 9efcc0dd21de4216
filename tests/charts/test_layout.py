"""Charts drawn for the width they get (issue #16): a phone's drawing fits 390 px with 12 px text, names the
chart for screen readers, keeps whole legend labels, marks a run rule as a shaded band, not every point."""

from __future__ import annotations

import re

from breakthrough import charts


def _rows(flags_from: int | None = None, facets: tuple[str, ...] = ("Daily check-in",)) -> list[dict]:
    rows = []
    for facet in facets:
        for m in range(1, 13):
            flags = ["shift"] if flags_from is not None and m >= flags_from else []
            rows.append(
                {
                    "facet1": facet,
                    "part": 1,
                    "x": f"2026-{m:02d}-01",
                    "y": 40 + m,
                    "cl": 45.0,
                    "signal": bool(flags),
                    "flags": flags,
                    "reasons": ", ".join(flags),
                }
            )
    return rows


def _width(svg: str) -> float:
    return float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))


def test_the_phone_drawing_fits_390_px_with_text_of_12_px():
    spec = charts.measure_spec(_rows(), title="Classrooms holding a daily feelings check-in with children")
    svg = charts.render_svg(charts.narrow(spec))
    assert _width(svg) <= 370  # a 390 px screen less the page's margins: drawn 1:1, never shrunk
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)px"', svg)]
    assert sizes
    assert min(sizes) >= 11
    assert _width(charts.render_svg(charts.wide(spec))) > 900  # the wide page's drawing uses its width


def test_small_multiples_on_a_phone_are_one_a_row_with_months_under_each():
    spec = charts.measure_spec(
        _rows(facets=("A", "B", "C")), title="t", facet_columns=2, width=300, height=150
    )
    narrow = charts.narrow(spec)
    assert narrow["columns"] == 1
    assert narrow["resolve"]["axis"]["x"] == "independent"
    assert _width(charts.render_svg(narrow)) <= 370


def test_months_are_written_with_the_whole_year():
    svg = charts.render_svg(charts.wide(charts.measure_spec(_rows(), title="t")))
    assert ">Jun 2026<" in svg
    assert ">jun 2026<" in charts.render_svg(charts.wide(charts.measure_spec(_rows(), title="t")), "es")


def test_a_chart_is_one_named_image_for_screen_readers():
    svg = charts.render_svg(charts.measure_spec(_rows(), title="Daily check-in"))
    head = svg[: svg.index(">") + 1]
    assert 'role="img"' in head
    assert 'aria-label="Daily check-in: a chart; its data table follows."' in head
    assert "<title>Daily check-in: a chart; its data table follows.</title>" in svg


def test_legend_labels_are_whole_and_sessions_are_named_on_the_chart():
    sessions = [{"x": "2026-03-01", "kind": "session", "label": "Learning session 2"}]
    spec = charts.measure_spec(_rows(), title="t", annotations=sessions)
    svg = charts.render_svg(charts.wide(spec))
    assert ">learning session<" in svg  # the legend entry, not "learning sessio…"
    assert ">Learning session 2<" in svg  # the line's name beside it


def test_a_shift_shades_its_months_and_leaves_the_points_plain():
    shaded = charts.render_svg(charts.measure_spec(_rows(flags_from=5), title="t"))
    plain = charts.render_svg(charts.measure_spec(_rows(), title="t"))
    assert shaded.count('fill="#F28E2B"') >= 8  # a band of the 8 months of the run (and its legend entry)
    assert 'fill="#F28E2B"' not in plain
    # No point coloured orange as a signal of its own (the orange left is the legend's "yes").
    assert shaded.count('fill="#FAA43A"') == plain.count('fill="#FAA43A"')


def test_a_report_splits_small_multiples_into_one_chart_each():
    spec = charts.measure_spec(_rows(facets=("A", "B", "C")), title="t", facet_columns=2)
    parts = charts.split(spec)
    assert [p["title"] for p in parts] == ["A", "B", "C"]
    assert {r["facet1"] for r in parts[1]["data"]["values"]} == {"B"}
