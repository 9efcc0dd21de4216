"""Walk every page a demo role can reach, in one browser, and say what is wrong on each.

Used by `tests/browser/test_every_page.py`; also runs alone against a demo already serving, for looking:
`.venv/bin/python -m tests.browser.crawl http://127.0.0.1:8771 teacher viewer`.
"""

from __future__ import annotations

import re
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from tests.browser_helpers import AXE_LOADER, SERIOUS

PASSWORD = "breakthrough-demo"
ROLES = ("staff", "faculty", "teacher", "director", "family", "evaluator", "observer", "viewer")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Links that are not pages to read: signing out, the admin (Django's own), files to download, the API.
SKIP = re.compile(
    r"^/(accounts/logout|admin/|api/|static/|media/|i18n/)|\.(pdf|csv|xlsx|pptx|zip|json|ics|svg|png|txt)$"
)
PAGES_PER_ROLE = 32
CHROMIUM = "/usr/bin/chromium"
# WCAG A and AA rules (the serious and critical ones the site must pass); best-practice rules cost time.
AXE_OPTIONS = (
    "{resultTypes: ['violations'], runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}}"
)


@dataclass
class Visit:
    url: str
    status: int
    problems: list[str] = field(default_factory=list)


def shape(path_and_query: str) -> str:
    """Pages that differ only by an id or a filter's value are one shape: one of each is visited."""
    parts = urlsplit(path_and_query)
    path = re.sub(r"/\d+(?=/|$)", "/N", parts.path)
    path = re.sub(r"/[0-9a-f-]{32,36}(?=/|$)", "/U", path)
    keys = sorted({k for k, _ in parse_qsl(parts.query) if k not in {"page"}})
    return path + ("?" + "&".join(keys) if keys else "")


def same_origin_links(page: Any, base: str) -> list[str]:
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or SKIP.search(parts.path):
            continue
        query = urlencode(parse_qsl(parts.query))
        found.append(parts.path + ("?" + query if query else ""))
    return found


def axe_problems(page: Any) -> list[str]:
    page.evaluate(AXE_LOADER)
    result = page.evaluate(f"async () => await axe.run(document, {AXE_OPTIONS})")
    return [
        f"axe {v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']][:2]}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()


def check(page: Any, base: str, path: str, *, axe: bool = True) -> Visit:
    """The page at phone width (no sideways scroll, axe clean) and desktop width (axe clean).

    `axe=False` (a page of a shape another role's walk already checked with axe): the answer and the width.
    """
    from playwright.sync_api import Error

    page.set_viewport_size(PHONE)
    try:
        response = page.goto(base + path, wait_until="load")
    except Error as error:  # a file to download: not a page
        if "Download is starting" in str(error):
            return Visit(url=path, status=200)
        raise
    status = response.status if response else 0
    visit = Visit(url=path, status=status)
    if status >= 500 or status == 0:
        visit.problems.append(f"answered {status}")
        return visit
    if "text/html" not in (response.headers.get("content-type", "") if response else ""):
        return visit
    wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if wide[0] > wide[1]:
        culprits = page.evaluate(
            """() => Array.from(document.querySelectorAll('main *, header *'))
                 .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                 .filter(e => !e.closest('.table-wrap'))
                 .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                   + (typeof e.className === 'string' && e.className ? '.' + e.className : ''))
            """
        )
        visit.problems.append(f"scrolls sideways at 390 px ({wide[0]} > {wide[1]}): {culprits}")
    if axe:
        visit.problems += [f"{p} at 390 px" for p in axe_problems(page)]
        page.set_viewport_size(DESKTOP)
        visit.problems += [f"{p} at 1280 px" for p in axe_problems(page)]
    return visit


def crawl_role(
    context: Any, base: str, username: str, *, checked: set[str], limit: int = PAGES_PER_ROLE
) -> list[Visit]:
    """Breadth first from the home page, one page of each shape; `checked` (shapes axe has seen) grows."""
    page = context.new_page()
    sign_in(page, base, username)
    queue: deque[str] = deque(["/"])
    seen_shapes: set[str] = set()
    visits: list[Visit] = []
    while queue and len(visits) < limit:
        path = queue.popleft()
        if shape(path) in seen_shapes:
            continue
        seen_shapes.add(shape(path))
        visit = check(page, base, path, axe=shape(path) not in checked)
        checked.add(shape(path))
        visits.append(visit)
        if visit.status < 400 and urlsplit(page.url).path.startswith("/accounts/login"):
            visit.problems.append("signed out")
            break
        if visit.status < 300:
            queue.extend(p for p in same_origin_links(page, base) if shape(p) not in seen_shapes)
    page.close()
    return visits


def main(base: str, roles: list[str]) -> None:  # pragma: no cover - a tool for looking
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        checked: set[str] = set()
        for role in roles or ROLES:
            start = time.monotonic()
            context = browser.new_context()
            visits = crawl_role(context, base, role, checked=checked)
            context.close()
            print(f"{role}: {len(visits)} pages in {time.monotonic() - start:.1f} s")
            for visit in visits:
                mark = "!!" if visit.problems else "  "
                print(f" {mark} {visit.status} {visit.url}")
                for problem in visit.problems:
                    print(f"      {problem}")
        browser.close()


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1], sys.argv[2:])
