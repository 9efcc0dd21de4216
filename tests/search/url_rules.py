"""The search page opens for anyone signed in; what it finds is each person's own (tests/search)."""

from __future__ import annotations

from typing import Any

from tests.conftest import ROLES_OF_CAST
from tests.test_url_permissions import Rule


def setup(cast: Any) -> dict[str, Any]:
    return {}


RULES = {"search:search": Rule(allowed=set(ROLES_OF_CAST), data=lambda o: {"q": "feelings"})}
