"""Who may open the account pages (see tests/test_url_permissions.py): everyone signed in, their own only."""

from __future__ import annotations

from typing import Any

from tests.conftest import ROLES_OF_CAST
from tests.test_url_permissions import Rule

EVERYONE = set(ROLES_OF_CAST)


def setup(cast: Any) -> dict[str, Any]:
    return {}


RULES = {
    "accounts:profile": Rule(allowed=EVERYONE),
    "accounts:personal-data": Rule(allowed=EVERYONE),
    "accounts:two-factor-setup": Rule(allowed=EVERYONE),
    "accounts:two-factor-verify": Rule(allowed=EVERYONE),
    "accounts:recovery-codes": Rule(allowed=EVERYONE, method="post"),
    "accounts:two-factor-disable": Rule(allowed=EVERYONE, method="post"),
}
