"""Who may open the assessment page and rate a team (see tests/test_url_permissions.py)."""

from __future__ import annotations

from typing import Any

from tests.test_url_permissions import Rule, also_allowed


def setup(cast: Any) -> dict[str, Any]:
    return {"team": cast.team_a, "period": cast.collaborative.periods.order_by("month").first()}


RULES = {
    "assessments:overview": Rule(allowed={"teacher", "director", "family", "outsider", "staff", "faculty"}),
    "assessments:rate": Rule(
        allowed={"teacher", "director", "family", "staff", "faculty"},
        method="post",
        data=lambda o: {"team": o["team"].pk, "period": o["period"].pk, "score": "3.5", "reason": "Steady"},
    ),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["assessments:overview"], "staff_other")
