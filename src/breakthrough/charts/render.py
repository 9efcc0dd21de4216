"""Vega-Lite specs drawn by vl-convert: SVG for pages and reports, PNG for downloads (no Django here).

Rendering never reaches the network or the disk: specs carry their data and no base URL is allowed. A
spec drawn twice in one process is drawn once (a memo of this pure function); the dashboards keep the SVGs
in Django's cache as well, shared by every worker.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

# d3's number and time formats per language (month names, decimal separator), built into vl-convert.
LOCALES = {"en": "en-US", "es": "es-ES"}
FORMATS = ("svg", "png")


def _locale(language: str) -> dict[str, Any]:
    name = LOCALES.get(language.split("-")[0], "en-US")
    return {"format_locale": name, "time_format_locale": name, "allowed_base_urls": []}


def spec_text(spec: dict[str, Any]) -> str:
    """The spec as the JSON text vl-convert reads (keys sorted, so equal specs give equal text)."""
    return json.dumps(spec, sort_keys=True, default=str)


def _convert(text: str, fmt: str, language: str, scale: float) -> str | bytes:
    """The one call of vl-convert."""
    import vl_convert as vlc

    if fmt == "svg":
        return str(vlc.vegalite_to_svg(text, **_locale(language)))
    if fmt == "png":
        return bytes(vlc.vegalite_to_png(text, scale=scale, **_locale(language)))
    raise ValueError(f"format is {fmt!r}: choose one of {', '.join(FORMATS)}")


@lru_cache(maxsize=128)
def _svg(text: str, language: str, label: str) -> str:
    return with_text_alternative(str(_convert(text, "svg", language, 1)), label)


def label_of(spec: dict[str, Any]) -> str:
    """What a chart is, in words: its description, else its title."""
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return str(spec.get("description") or title or "")


def with_text_alternative(svg: str, label: str) -> str:
    """The SVG as one image with a name (``role="img"``, ``aria-label`` and a ``<title>``): screen readers
    read the sentence, not every point of Vega's marks."""
    if not label or not svg.startswith("<svg"):
        return svg
    text = html.escape(label, quote=True)
    head, rest = svg.split(">", 1)
    return f'{head} role="img" aria-label="{text}"><title>{text}</title>{rest}'


def render_svg(spec: dict[str, Any], language: str = "en") -> str:
    """The spec as SVG in ``language``'s number and date formats, named for screen readers."""
    return _svg(spec_text(spec), language, label_of(spec))


def render_png(spec: dict[str, Any], scale: float = 2, language: str = "en") -> bytes:
    """The spec as PNG, ``scale`` times its size in pixels."""
    return bytes(_convert(spec_text(spec), "png", language, scale))


def write_chart(spec: dict[str, Any], out: Path, language: str = "en") -> None:
    """Draw the spec to ``out``, as SVG or PNG by its suffix."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt == "svg":
        out.write_text(render_svg(spec, language), encoding="utf-8")
    else:
        out.write_bytes(render_png(spec, language=language) if fmt == "png" else b"")
        if fmt != "png":
            raise ValueError(f"{out}: the file name must end in .svg or .png")
