"""PDF reports: a Django template rendered to HTML, then laid out by WeasyPrint (no browser, no network)."""

from __future__ import annotations

import base64
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString


def svg_image(svg: str, alt: str) -> SafeString:
    """An SVG as an ``<img>`` with a data URI: WeasyPrint draws it as a vector image at the page's width."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return format_html('<img class="chart" alt="{}" src="data:image/svg+xml;base64,{}">', alt, data)


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any]) -> bytes:
    """The template laid out as an A4 PDF.

    Nothing is fetched: the report's CSS is inline and its charts are data URIs, and a fetcher that allows
    ``data:`` URLs only keeps WeasyPrint off the network and off the file system.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context, request=request)
    return bytes(HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf())


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """The template laid out as an A4 PDF (``render_pdf``), offered as a download named ``filename``."""
    response = HttpResponse(render_pdf(request, template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
