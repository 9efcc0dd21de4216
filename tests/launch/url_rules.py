"""The new-collaborative page: for project staff (of any collaborative) and superusers."""

from __future__ import annotations

from typing import Any

from tests.test_url_permissions import Rule


def setup(cast: Any) -> dict[str, Any]:
    return {}


RULES = {"launch:new": Rule(allowed={"staff"})}
