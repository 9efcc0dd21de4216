"""Who opens the team's incident list, corrects a report, and reads the monthly summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.factories import make_incident
from tests.test_url_permissions import Rule

REPORTERS = {"teacher", "director", "outsider"}  # the teams' staff who report incidents (outsider: team B's)


def setup(cast: Any) -> dict[str, Any]:
    return {"incident": make_incident(cast.team_a, cast.teacher, dt.date(2026, 3, 2))}


RULES = {
    # Without a team named, each sees their own team's (the team's staff) — others are refused.
    "incidents:list": Rule(allowed=REPORTERS),
    "incidents:edit": Rule(allowed={"teacher", "director"}, kwargs=lambda o: {"pk": o["incident"].pk}),
    # Oversight read the summary (suppressed); project staff of another collaborative their own teams'.
    "incidents:summary": Rule(allowed=REPORTERS | {"staff", "faculty", "evaluator", "staff_other"}),
}
