"""The data sources of issue #11 that other apps record (``intake``: readiness, the planning meeting;
``fieldwork``: session observations, voices by role, TA contacts, adaptations, child scores), read through
their selectors. Each function says None while its source has nothing to give, so a box says "not enough
data yet" instead of a zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from breakthrough.collaboratives.models import Collaborative, month_start
from breakthrough.fieldwork import outcomes as fieldwork_outcomes
from breakthrough.fieldwork import selectors as fieldwork
from breakthrough.fieldwork.models import Speaker
from breakthrough.intake import selectors as intake


def ta_months(collaborative: Collaborative) -> dict[int, set[dt.date]] | None:
    """team id → the months with a TA contact; None when no TA contact is recorded yet."""
    found: dict[int, set[dt.date]] = defaultdict(set)
    for team_id, day in fieldwork.ta_contacts(collaborative).values_list("team_id", "date"):
        found[team_id].add(month_start(day))
    return dict(found) or None


def ta_by_team(collaborative: Collaborative) -> dict[int, tuple[int, int]] | None:
    """team id → (contacts, minutes); None when none are recorded."""
    return fieldwork.ta_by_team(collaborative) or None


def readiness(collaborative: Collaborative) -> dict[int, float] | None:
    """program id → readiness (percent of the rubric's maximum); None when nothing is rated."""
    return intake.readiness_by_program(collaborative) or None


def planning_meeting(collaborative: Collaborative) -> Any:
    """The community planning meeting (participants by role, drivers, measures), or None."""
    return intake.planning_meeting(collaborative)


def session_scores(collaborative: Collaborative) -> list[Any] | None:
    """Per observed learning session or call, in order: its subscale means and cross-team exchanges."""
    return fieldwork.session_scores(collaborative) or None


def voices_by_role(collaborative: Collaborative) -> list[dict[str, Any]] | None:
    """Per observed event: speaking turns by role (labels as people read them)."""
    labels = dict(Speaker.choices)
    rows = fieldwork.voices_by_role(collaborative)
    return [
        {
            "title": r.title,
            "date": r.date,
            "kind": r.kind,
            "sequence": r.sequence,
            "turns": {str(labels.get(role, role)): n for role, n in r.turns.items()},
            "total": r.total,
        }
        for r in rows
    ] or None


def adaptations(collaborative: Collaborative) -> list[Any] | None:
    return list(fieldwork.adaptations(collaborative)) or None


def child_outcomes(collaborative: Collaborative) -> tuple[list[Any], Any]:
    """fieldwork's table of children's scores per program and in all, small cells hidden for everyone."""
    return fieldwork_outcomes.outcome_table(collaborative)
