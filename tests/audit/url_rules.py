"""Who may open the audit page (see tests/test_url_permissions.py): project staff only."""

from __future__ import annotations

from typing import Any

from tests.test_url_permissions import Rule, also_allowed


def setup(cast: Any) -> dict[str, Any]:
    return {}


RULES = {"audit:audit": Rule(allowed={"staff"})}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["audit:audit"], "staff_other")
