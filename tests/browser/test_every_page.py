"""Every page of every demo role, in real headless Chromium, at 390 px (a phone) and 1280 px: no 500, no
sideways scrolling of the page on the phone, axe-core finds nothing serious or critical.

The demo is built as of today (`breakthrough demo --no-serve`) once per day and per version of the demo's
code and the migrations, in a folder of the system's temp directory that later runs reuse; a development
server serves it. One browser, one context per role; each role walks breadth first from its home page,
following same-origin links, one page of each shape (an id or a filter's value makes no new shape).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.crawl import ROLES, crawl_role
from tests.pg_server import free_port
from tests.test_production_recipe import BREAKTHROUGH, wait_for

pytestmark = [pytest.mark.browser]

SRC = Path(__file__).resolve().parents[2] / "src" / "breakthrough"


def _demo_key() -> str:
    """Today and the demo's code and every migration: a change to either builds the demo again."""
    digest = hashlib.sha256(dt.date.today().isoformat().encode())
    for path in sorted([*SRC.glob("demo/*.py"), *SRC.glob("*/migrations/*.py")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="module")
def demo_site() -> Iterator[str]:
    data = Path(tempfile.gettempdir()) / f"breakthrough-every-page-{_demo_key()}"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}},
        "BREAKTHROUGH_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "breakthrough.settings",
        "DEBUG": "true",
        "TWO_FACTOR_REQUIRED": "false",
    }
    subprocess.run([BREAKTHROUGH, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(f"{base}/accounts/login/", seconds=120)[0] == 200
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_page_of_every_role_reads_on_a_phone_and_passes_axe(browser: Any, demo_site: str) -> None:
    checked: set[str] = set()
    problems, visited = [], {}
    for role in ROLES:
        context = browser.new_context()
        visits = crawl_role(context, demo_site, role, checked=checked)
        context.close()
        visited[role] = len(visits)
        problems += [f"{role} {v.url}: {p}" for v in visits for p in v.problems]
    assert problems == [], "\n".join(problems)
    # Every role reached its pages (a broken sign-in or home page would visit one page and pass).
    assert min(visited.values()) >= 8, visited
    assert visited["staff"] >= 30, visited
