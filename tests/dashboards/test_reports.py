"""PDF reports and chart downloads: the page's own specs, rendered for real (WeasyPrint, vl-convert)."""

from __future__ import annotations

import io
import subprocess

import numpy as np
from django.urls import reverse
from PIL import Image

from breakthrough import charts
from tests.dashboards.conftest import SHIFT


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())  # table cells wrap: compare words, not lines


def _first_page(pdf: bytes, tmp_path) -> Image.Image:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True
    )
    return Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")


def _chart_blue(image: Image.Image) -> int:
    """Pixels of the charts' line colour (#5DA5DA), give or take antialiasing."""
    pixels = np.asarray(image.convert("RGB"), dtype=int)
    return int((np.abs(pixels - [0x5D, 0xA5, 0xDA]) < 40).all(axis=2).sum())


def test_team_report_is_a_pdf_with_the_charts_and_the_verdicts(client, teacher, dash, tmp_path):
    client.force_login(teacher)
    response = client.get(reverse("dashboards:team-report", args=[dash["team_a"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    text = _text(response.content, tmp_path)
    assert f"Team report: {dash['team_a'].name}" in text
    assert dash["measure"].name in text
    assert "Special cause variation, improving" in text  # team A's shift
    # The run chart is drawn on the first page (a blank page has none of its blue; the chart, drawn at the
    # page's width with lines of 1 px, ~110 pixels at 40 dpi).
    assert _chart_blue(_first_page(response.content, tmp_path)) > 80


def test_collaborative_report_for_viewers_has_no_team_rows(client, viewer, staff, dash, tmp_path):
    client.force_login(staff)
    staff_text = _text(client.get(reverse("dashboards:collaborative-report")).content, tmp_path)
    assert "Summary: teams × measures" in staff_text
    assert dash["team_a"].name in staff_text
    client.force_login(viewer)
    response = client.get(reverse("dashboards:collaborative-report"))
    text = _text(response.content, tmp_path)
    assert "Aggregates only" in text
    assert "Summary: teams × measures" not in text
    assert dash["team_a"].name not in text
    assert dash["team_b"].name not in text
    assert "suppressed (small cell)" in text  # two teams are fewer than the threshold


def test_reports_follow_the_language(client, teacher, dash, tmp_path):
    teacher.preferred_language = "es"
    teacher.save()
    client.force_login(teacher)
    response = client.get(reverse("dashboards:team-report", args=[dash["team_a"].pk]))
    assert "Informe del equipo" in _text(response.content, tmp_path)


def test_chart_downloads_are_the_page_spec(client, faculty, dash):
    client.force_login(faculty)
    args = [dash["team_a"].pk, dash["measure"].pk]
    page = client.get(reverse("dashboards:team-measure", args=args), {"chart": "p"})
    svg = client.get(reverse("dashboards:team-measure-chart", args=[*args, "svg"]), {"chart": "p"})
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.decode() == charts.render_svg(charts.wide(page.context["spec"]))  # as wide pages do
    png = client.get(reverse("dashboards:team-measure-chart", args=[*args, "png"]), {"chart": "p"})
    image = Image.open(io.BytesIO(png.content))
    assert image.format == "PNG"
    assert image.width > 500
    assert _chart_blue(image) > 200
    assert client.get(reverse("dashboards:team-measure-chart", args=[*args, "gif"])).status_code == 404


def test_collaborative_chart_download_is_suppressed_for_viewers(client, viewer, staff, dash):
    client.force_login(staff)
    staff_svg = client.get(reverse("dashboards:collaborative-chart", args=["svg"])).content.decode()
    client.force_login(viewer)
    viewer_svg = client.get(reverse("dashboards:collaborative-chart", args=["svg"])).content.decode()
    assert "<svg" in viewer_svg
    # Two teams report: every pooled month is a small cell, so the viewer's chart has no points.
    assert staff_svg.count("<path") > viewer_svg.count("<path")
    assert len(SHIFT) == 12


def test_the_report_link_carries_the_page_filters(client, staff, cast, dash, tmp_path):
    client.force_login(staff)
    page = client.get(reverse("dashboards:collaborative"), {"from": "2026-03", "to": "2026-05", "page": "2"})
    link = page.context["filters_query"]
    assert "from=2026-03" in link
    assert "page=" not in link
    assert f"collaborative={cast.collaborative.pk}" in link
    report = client.get(f"{reverse('dashboards:collaborative-report')}?{link}")
    text = _text(report.content, tmp_path)
    assert "2026-03" in text
    assert "2026-05" in text
    assert "2026-02" not in text  # months outside the filter are not in the report's tables
    everything = client.get(reverse("dashboards:collaborative-report"))
    assert "2026-02" in _text(everything.content, tmp_path)


def test_a_chart_title_cannot_break_out_of_the_report_markup():
    from breakthrough.core.pdf import svg_image

    html = str(svg_image("<svg/>", alt='Team "A" <b>'))
    assert 'alt="Team &quot;A&quot; &lt;b&gt;"' in html
