"""Writes of the dashboards: accepting and removing a chart's new phase (guarded rebasing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from breakthrough.collaboratives.models import Team
from breakthrough.core.services import archive, save_audited
from breakthrough.dashboards.models import ChartPhase
from breakthrough.measures.models import Measure


@transaction.atomic
def chart_phase_accept(*, team: Team, measure: Measure, starts: dt.date, reason: str, by: Any) -> ChartPhase:
    """Start a new phase of a team's chart of a measure, with a written reason (validated, audited)."""
    phase = ChartPhase(team=team, measure=measure, starts=starts, reason=reason.strip(), accepted_by=by)
    return save_audited(obj=phase, by=by)


@transaction.atomic
def chart_phase_remove(*, phase: ChartPhase, by: Any) -> ChartPhase:
    """Remove a phase again (archived, so the audit trail keeps it)."""
    return archive(obj=phase, by=by)
