"""Who may open the audit page (see tests/test_url_permissions.py): project staff only."""

from __future__ import annotations

from typing import Any

from tests.test_url_permissions import Rule


def setup(cast: Any) -> dict[str, Any]:
    return {}


RULES = {"audit:audit": Rule(allowed={"staff"})}
