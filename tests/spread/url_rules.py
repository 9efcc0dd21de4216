"""Permission rules of spread: the team's own people and those who oversee every team read it; the team and
project staff record it; observers never (it shows which classrooms take part), viewers never."""

from __future__ import annotations

from typing import Any

from tests.test_url_permissions import Rule, also_allowed

PARTICIPANTS = {"staff", "faculty", "teacher", "director", "family", "evaluator", "outsider"}


def setup(cast: Any) -> dict[str, Any]:
    return {"team": cast.team_a}


RULES = {
    "spread:home": Rule(allowed=PARTICIPANTS),
    "spread:record": Rule(
        allowed={"staff", "teacher", "director", "family"}, kwargs=lambda o: {"team_id": o["team"].pk}
    ),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["spread:home"], "staff_other")
