"""The new-collaborative page: for project staff (of any collaborative) and superusers."""

from __future__ import annotations

from typing import Any

from tests.test_url_permissions import Rule, also_allowed


def setup(cast: Any) -> dict[str, Any]:
    return {}


RULES = {"launch:new": Rule(allowed={"staff"})}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["launch:new"], "staff_other")
