"""Screenshots of pages of a running demo, at desktop and phone widths, for the docs.

    BREAKTHROUGH_DATA_DIR=/tmp/shots breakthrough demo --port 8123 &
    python scripts/screenshots.py http://127.0.0.1:8123 home:teacher:/ dashboard:staff:/dashboards/

Each NAME:USER:PATH becomes docs/screenshots/NAME-desktop.png and NAME-phone.png.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main(base: str, shots: list[str]) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for shot in shots:
            name, user, path = shot.split(":", 2)
            for size, (width, height) in SIZES.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"{base}/accounts/login/")
                page.get_by_label("Username").fill(user)
                page.get_by_label("Password").fill("breakthrough-demo")
                page.get_by_role("button", name="Sign in").click()
                page.goto(f"{base}{path}")
                page.screenshot(path=OUT / f"{name}-{size}.png", full_page=size == "phone")
                page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
