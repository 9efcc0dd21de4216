from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from breakthrough.collaboratives.models import Collaborative, Period, Phase, add_months
from breakthrough.core.services import save_audited


def default_timeline(start: dt.date, months: int = 12) -> list[tuple[str, dt.date, dt.date]]:
    """A 12-month BSC: one month of pre-work, three two-day learning sessions, action periods between."""
    k = Phase.Kind
    end = add_months(start, months) - dt.timedelta(days=1)
    ls1 = add_months(start, 1)
    ls2 = add_months(start, 4)
    ls3 = add_months(start, 8)
    sustain = add_months(start, 11)
    two_days = dt.timedelta(days=1)
    return [
        (k.PRE_WORK, start, ls1 - dt.timedelta(days=1)),
        (k.LEARNING_SESSION_1, ls1, ls1 + two_days),
        (k.ACTION_PERIOD_1, ls1 + 2 * two_days, ls2 - dt.timedelta(days=1)),
        (k.LEARNING_SESSION_2, ls2, ls2 + two_days),
        (k.ACTION_PERIOD_2, ls2 + 2 * two_days, ls3 - dt.timedelta(days=1)),
        (k.LEARNING_SESSION_3, ls3, ls3 + two_days),
        (k.ACTION_PERIOD_3, ls3 + 2 * two_days, sustain - dt.timedelta(days=1)),
        (k.SUSTAINMENT, sustain, end),
    ]


@transaction.atomic
def collaborative_create(
    *, by: Any, name: str, slug: str, topic: str, start_date: dt.date, months: int = 12, **fields: Any
) -> Collaborative:
    end = add_months(start_date, months) - dt.timedelta(days=1)
    collab = Collaborative(name=name, slug=slug, topic=topic, start_date=start_date, end_date=end, **fields)
    save_audited(obj=collab, by=by)
    for kind, start, finish in default_timeline(start_date, months):
        save_audited(obj=Phase(collaborative=collab, kind=kind, start_date=start, end_date=finish), by=by)
    periods_sync(collaborative=collab)
    return collab


def periods_sync(*, collaborative: Collaborative) -> list[Period]:
    """Make one reporting period per month of the collaborative; existing periods are kept."""
    existing = {p.month: p for p in collaborative.periods.all()}
    periods = []
    for month in collaborative.reporting_months():
        period = existing.get(month)
        if period is None:
            due = add_months(month, 1).replace(day=collaborative.report_due_day)
            period = Period(collaborative=collaborative, month=month, due_date=due)
            period.full_clean()
            period.save()
        periods.append(period)
    return periods
