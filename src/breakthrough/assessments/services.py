from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.models import Period, Team
from breakthrough.core.services import save_audited


@transaction.atomic
def assessment_rate(
    *, team: Team, period: Period, source: str, score: Decimal, by: Any, reason: str = ""
) -> Assessment:
    """Rate a team's progress for a month; a new rating replaces the score, the audit keeps the old one."""
    assessment = Assessment.objects.filter(team=team, period=period, source=source).first() or Assessment(
        team=team, period=period, source=source
    )
    assessment.score, assessment.reason, assessment.rated_by = score, reason, by
    return save_audited(obj=assessment, by=by)
