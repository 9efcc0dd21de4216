"""Helpers for browser tests: sign in, and check a page with axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = (Path(__file__).parent / "browser" / "axe-4.14.1.min.js").read_text()
SERIOUS = {"serious", "critical"}
AXE_LOADER = f"() => {{ {AXE}\n; window.axe = axe; }}"


def sign_in(page: Any, live_server: Any, username: str, password: str = "pw") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _axe(page: Any) -> Any:
    page.wait_for_load_state("load")
    page.evaluate(AXE_LOADER)  # through DevTools, as the site's CSP refuses inline scripts (and should)
    return page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")


def assert_accessible(page: Any) -> None:
    """axe-core finds no serious or critical violation on the page as it is now.

    A check called just after a click may meet the page while it navigates (axe then finds no document, or its
    context is destroyed): it waits for the new page to load and checks that one.
    """
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            result = _axe(page)
            break
        except Error:
            if attempt == 2:
                raise
            page.wait_for_timeout(200)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]
    assert problems == [], f"{page.url}: " + "; ".join(problems)
