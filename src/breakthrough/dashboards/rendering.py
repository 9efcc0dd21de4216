"""Charts drawn for pages, reports and downloads: each spec rendered once for every worker.

SVGs are kept in Django's cache by the SHA-256 of the spec (its data included) and the language, so a
request with the same data pays a hash and a cache read; new data give a new key.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from breakthrough import charts
from breakthrough.core import pdf

TIMEOUT = 7 * 24 * 3600
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
HALF_A4 = 340  # px: one of two charts side by side on an A4 page


def has_no_data(spec: dict[str, Any]) -> bool:
    values = spec.get("data", {}).get("values")
    return values is not None and not values


def render_svg(spec: dict[str, Any]) -> str:
    """The spec as SVG in the reader's language, from the cache when it was drawn before."""
    language = get_language() or "en"
    key = "chart-svg:" + hashlib.sha256(f"{language}\n{charts.spec_text(spec)}".encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = charts.render_svg(spec, language)
        cache.set(key, svg, timeout=TIMEOUT)
    return str(svg)


def svg(spec: dict[str, Any]) -> SafeString | str:
    """A chart for a page, drawn for a phone and for a wide screen (CSS shows the one that fits): SVGs of
    vl-convert's markup, data escaped by Vega; or a sentence when there is no data."""
    if has_no_data(spec):
        return _("No data yet.")
    return render_to_string(
        "_chart.html",
        {
            "wide": mark_safe(render_svg(charts.wide(spec))),
            "narrow": mark_safe(render_svg(charts.narrow(spec))),
        },
    )


def pdf_chart(spec: dict[str, Any]) -> SafeString | str:
    """A chart for a PDF report: the page's spec rendered to SVG, or a sentence when there is no data."""
    if has_no_data(spec):
        return _("No data yet.")
    parts = charts.split(spec)
    if len(parts) == 1:
        return pdf.svg_image(render_svg(charts.printed(spec)), alt=charts.label_of(spec))
    # Small multiples as one figure each, two a row, that flow over pages (one tall image would leave
    # the first page blank).
    images = [
        pdf.svg_image(render_svg(charts.sized(part, HALF_A4)), alt=charts.label_of(part)) for part in parts
    ]
    return render_to_string("_pdf_charts.html", {"title": charts.label_of(spec), "images": images})


def download(spec: dict[str, Any], fmt: str, filename: str) -> HttpResponse:
    """A chart's spec as an SVG or PNG file (the same spec the page shows)."""
    if fmt not in FORMATS:
        raise Http404
    if fmt == "svg":
        body = render_svg(charts.wide(spec)).encode("utf-8")
    else:
        body = charts.render_png(charts.wide(spec), language=get_language() or "en")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
