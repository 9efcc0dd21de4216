"""Monthly data for the cast's teams: team_a shifts up after learning session 2, team_b stays flat."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from breakthrough.collaboratives.models import Team
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport
from tests.factories import make_measure

# Percent check-ins out of 50 classroom-days: team_a jumps from ~40% to ~75% in month 5 (March).
SHIFT = [20, 22, 19, 21, 37, 38, 36, 39, 37, 38, 36, 38]
FLAT = [21, 19, 22, 20, 21, 18, 22, 20, 19, 21, 20, 22]


def add_reports(
    team: Team, measure: Measure, numerators: list[int | None], *, by: Any, den: int = 50
) -> None:
    version = MeasureVersion.objects.filter(measure=measure).order_by("number").first()
    for period, num in zip(team.collaborative.periods.order_by("month"), numerators, strict=False):
        report, _ = MonthlyReport.objects.get_or_create(
            team=team,
            period=period,
            defaults={
                "status": MonthlyReport.Status.SUBMITTED,
                "submitted_by": by,
                "submitted_at": timezone.make_aware(dt.datetime.combine(period.due_date, dt.time(9))),
            },
        )
        if num is None:
            MeasureValue.objects.create(report=report, measure=measure, measure_version=version)
        else:
            MeasureValue.objects.create(
                report=report,
                measure=measure,
                measure_version=version,
                numerator=Decimal(num),
                denominator=Decimal(den),
            )


def make_dash(cast: Any) -> dict[str, Any]:
    measure = make_measure(cast.collaborative, name="Daily check-in", code="checkin")
    add_reports(cast.team_a, measure, SHIFT, by=cast.teacher)
    add_reports(cast.team_b, measure, FLAT, by=cast.outsider)
    return {"measure": measure, "team_a": cast.team_a, "team_b": cast.team_b}


@pytest.fixture
def dash(cast: Any) -> dict[str, Any]:
    return make_dash(cast)
