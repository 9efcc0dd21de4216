"""Writes of behavior incidents: the reports a team files, counted into its incidents measure."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_monthly_incident_counts_fill_the_incidents_measure(cast):
    from decimal import Decimal

    from breakthrough.incidents import services
    from breakthrough.measures.models import Measure, MeasureValue
    from breakthrough.measures.services import report_open
    from breakthrough.study import series
    from tests.factories import make_measure

    make_measure(
        cast.collaborative,
        unit=Measure.Unit.RATE,
        code="incidents",
        numerator_source=Measure.NumeratorSource.INCIDENT_REPORTS,
    )
    periods = list(cast.collaborative.periods.order_by("month")[:2])
    for period, n in zip(periods, (2, 5), strict=True):
        for k in range(n):
            services.incident_report(
                by=cast.teacher,
                team=cast.team_a,
                demographics={},
                child_code=f"K{k}",
                occurred_on=period.month + dt.timedelta(days=k),
                activity="snack",
                behavior="threw food",
            )
    by_month = dict(series.incidents_by_month([cast.team_a]))
    for period in periods:
        report = report_open(team=cast.team_a, period=period, by=cast.teacher)
        counted = MeasureValue.objects.get(report=report, measure__code="incidents").numerator
        assert counted == Decimal(by_month[period.month.strftime("%Y-%m")])
