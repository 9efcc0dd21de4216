"""The Content Security Policy is on, and no template needs it loosened (issue #14)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "breakthrough"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\s(?:hx-on[:-][\w:-]*|on[a-z]+)\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def templates() -> list[Path]:
    return sorted(p for p in SRC.rglob("templates/**/*.html"))


def test_every_page_is_served_with_a_strict_policy(client, cast):
    client.force_login(cast.teacher)
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"  # no inline script, no eval
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]


def test_no_template_has_an_inline_script_a_handler_or_a_javascript_url():
    found = []
    for path in templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            found += [f"{path.relative_to(SRC)}: {m.group(0).strip()}" for m in pattern.finditer(text)]
    assert found == []


def test_the_scan_sees_the_templates():
    assert len(templates()) > 50
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert HANDLER.search('<div hx-on::after-request="x()">')
    assert HANDLER.search('<button onclick="x()">')
    assert not HANDLER.search('<div hx-post="/x" data-on="1">')
