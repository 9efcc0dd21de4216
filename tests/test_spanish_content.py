"""Spanish pages carry no English: the demo built today, each role signed in with Spanish chosen, the main
pages of that role (home, the monthly form, PDSA log and a cycle, dashboards, framework, measures, events,
study pages, assessments …, reached by following the page's own links from home).

The visible text of each page (scripts, styles and hidden elements left out, as are the spans marked
``lang="en"``, which say they are English) must contain none of:

- the English catalogue's msgids of four words or more whose Spanish differs (so names and cognates pass);
- the demo's English content (measure names and definitions, drivers, ideas, events, waves …, every
  registered translated field whose Spanish differs), of three words or more.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from django.test import Client
from modeltranslation.translator import translator

from breakthrough.core.models import User
from breakthrough.demo import SIGN_INS, build_demo

SRC = Path(__file__).resolve().parent.parent / "src" / "breakthrough"
PAGES_PER_ROLE = 40
# Every role's crawl starts at the main pages (those it may not open answer 403 and are left out).
SEEDS = [
    "/",
    "/reports/",
    "/reports/review/",
    "/pdsa/",
    "/pdsa/library/",
    "/framework/",
    "/measures/",
    "/events/",
    "/dashboards/",
    "/assessments/",
    "/study/",
    "/notifications/",
]
SKIP = re.compile(
    r"/(logout|i18n|admin|api|exports|static|media)/|\.(pdf|csv|xlsx|zip|png|svg|pptx|parquet)$"
    r"|/download|/file|/export|/pdf|/print|\?"
)
# What each role must have been shown (a prefix of the URL, as a regular expression).
TEAM = [r"/$", r"/reports/\d+/", r"/pdsa/$", r"/pdsa/cycles/\d+/", r"/framework/", r"/measures/", r"/events/"]
MAIN_PAGES = {
    "staff": [r"/$", r"/dashboards/", r"/framework/", r"/measures/", r"/events/", r"/pdsa/"],
    "faculty": [r"/$", r"/dashboards/", r"/reports/", r"/pdsa/", r"/framework/", r"/assessments/"],
    "teacher": TEAM,
    "director": [*TEAM, r"/assessments/"],
    "family": TEAM,
    "evaluator": [r"/$", r"/study/", r"/dashboards/"],
    "observer": [r"/$", r"/study/"],
    "viewer": [r"/$", r"/dashboards/"],
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>")


class VisibleText(HTMLParser):
    """The text a reader sees, and the page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: is it hidden (or inside a hidden one)?
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in VOID:
            if tag == "input" and a.get("type") in {"submit", "button"} and not self._hidden():
                self.parts.append(a.get("value") or "")
            return
        hidden = (
            self._hidden()
            or tag in {"script", "style", "template", "noscript"}
            or "hidden" in a
            or a.get("lang") == "en"
            or a.get("aria-hidden") == "true"
        )
        self.stack.append(hidden)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def catalogue_phrases() -> set[str]:
    """English phrases of the interface (four words or more) whose Spanish is a different text."""
    phrases = set()
    for mo in SRC.glob("**/locale/es/LC_MESSAGES/django.mo"):
        with mo.open("rb") as file:
            catalogue = gettext.GNUTranslations(file)._catalog  # type: ignore[attr-defined]
        for key, msgstr in catalogue.items():
            msgid = key[0] if isinstance(key, tuple) else key
            msgid = msgid.split("\x04")[-1]
            if not msgid or not msgstr or msgstr == msgid:
                continue
            for fragment in PLACEHOLDER.split(msgid):
                fragment = " ".join(fragment.split()).strip(" .,:;()–-")
                if len(fragment.split()) >= 4 and fragment not in msgstr:
                    phrases.add(fragment)
    return phrases


def content_phrases() -> set[str]:
    """The demo's English content (three words or more) whose Spanish differs."""
    phrases = set()
    for model in translator.get_registered_models(abstract=False):
        for field in translator.get_options_for_model(model).fields:
            for en, es in model._base_manager.values_list(f"{field}_en", f"{field}_es"):
                en = " ".join((en or "").split())
                if len(en.split()) >= 3 and en != (es or "").strip():
                    phrases.add(en)
    return phrases


def crawl(client: Client, limit: int) -> dict[str, str]:
    """Visible text of up to ``limit`` pages reached from home by the pages' own links (breadth first)."""
    seen, texts = set(SEEDS), {}
    queue = deque(SEEDS)
    while queue and len(texts) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        texts[url] = parser.text
        for href in parser.links:
            href = urldefrag(href).url
            parts = urlparse(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(href):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return texts


@pytest.fixture
def demo_today(db, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC), tick=False)
    return build_demo(seed=2026)


def untranslated_content() -> list[str]:
    """Every demo text that has English and no Spanish."""
    missing = []
    for model in translator.get_registered_models(abstract=False):
        for field in translator.get_options_for_model(model).fields:
            rows = model._base_manager.values_list(f"{field}_en", f"{field}_es")
            missing += [f"{model.__name__}.{field}: {en}" for en, es in rows if (en or "").strip() and not es]
    return sorted(set(missing))


def test_spanish_pages_show_no_english(demo_today):
    assert untranslated_content() == []
    interface, content = catalogue_phrases(), content_phrases()
    assert len(interface) > 500  # the lists are what they should be
    assert len(content) > 60
    found: dict[str, set[str]] = {}
    visited = 0
    for username in SIGN_INS:
        user = User.objects.get(username=username)
        user.preferred_language = "es"
        user.save(update_fields=["preferred_language"])
        client = Client()
        client.force_login(user)
        pages = crawl(client, PAGES_PER_ROLE)
        visited += len(pages)
        for expected in MAIN_PAGES[username]:
            assert any(re.match(expected, url) for url in pages), (username, expected, sorted(pages))
        for url, text in pages.items():
            for phrase in interface | content:
                if (at := text.find(phrase)) >= 0:
                    where = f"{username} {url}: …{text[max(0, at - 50) : at + len(phrase) + 30]}…"
                    found.setdefault(phrase, set()).add(where)
    report = "\n".join(f"{phrase!r}: {sorted(where)[:2]}" for phrase, where in sorted(found.items()))
    assert visited > 8 * 10
    assert not found, f"English on Spanish pages ({len(found)} phrases):\n{report}"
