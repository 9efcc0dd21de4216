"""Monthly summaries of a team's behavior incidents, for the program's leadership team (the BIRS habit):
counts by behavior, activity, time of day, classroom and child.

The team's own staff see every count. Anyone outside the team who may read the summary (project staff,
faculty, evaluators) sees each table through the one suppression path (`stats.suppress_table`, the
collaborative's small-cell threshold, the table's total published): a small count, or one the others would
give away, is hidden, and the table by child is not shown at all, since each of its rows is one child.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Team
from breakthrough.incidents.models import Incident
from breakthrough.stats.suppression import suppress_table

# Time of day, in the program's day: (label, first hour included, first hour not included).
HOURS = [(0, 9), (9, 11), (11, 13), (13, 15), (15, 24)]


@dataclass(frozen=True)
class Line:
    label: str
    count: int | None  # None: hidden (a small count, or one that would give a small count away)


@dataclass(frozen=True)
class Table:
    title: str
    lines: list[Line]
    total: int | None
    suppressed: bool  # some count is hidden


def _hours_label(start: int, end: int) -> str:
    if start == 0:
        return _("Before %(hour)s") % {"hour": dt.time(end).strftime("%H:%M")}
    if end == 24:
        return _("%(hour)s and later") % {"hour": dt.time(start).strftime("%H:%M")}
    return _("%(start)s to %(end)s") % {
        "start": dt.time(start).strftime("%H:%M"),
        "end": dt.time(end).strftime("%H:%M"),
    }


def _time_of_day(at: dt.time | None) -> str:
    if at is None:
        return _("Time not recorded")
    for start, end in HOURS:
        if start <= at.hour < end:
            return _hours_label(start, end)
    return _("Time not recorded")  # unreachable: the bins cover the day


def month_incidents(team: Team, month: dt.date) -> QuerySet[Incident]:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (
        Incident.objects.active()
        .filter(team=team, occurred_on__gte=month, occurred_on__lt=following)
        .select_related("classroom")
    )


def _table(title: str, counts: Counter[str], order: list[str] | None, threshold: int | None) -> Table:
    labels = order if order is not None else sorted(counts, key=lambda k: (-counts[k], k))
    values = [counts.get(label, 0) for label in labels]
    if threshold is None or not values:
        return Table(title, [Line(k, v) for k, v in zip(labels, values, strict=True)], sum(values), False)
    shown = suppress_table(values, threshold=threshold, totals="rows")
    cells = shown.values.tolist()[0]
    total = shown.row_totals.tolist()[0]
    lines = [Line(k, None if math.isnan(v) else int(v)) for k, v in zip(labels, cells, strict=True)]
    hidden = any(line.count is None for line in lines) or math.isnan(total)
    return Table(title, lines, None if math.isnan(total) else int(total), hidden)


def summary(team: Team, month: dt.date, *, reach: str) -> list[Table]:
    """The month's tables, for a reader whose `access.incident_reach` is ``reach`` ("team" or "oversight")."""
    incidents = list(month_incidents(team, month))
    threshold = None if reach == "team" else team.collaborative.small_cell_threshold
    hours = [_hours_label(a, b) for a, b in HOURS] + [_("Time not recorded")]
    tables = [
        _table(_("By problem behavior"), Counter(i.behavior for i in incidents), None, threshold),
        _table(_("By activity"), Counter(i.activity for i in incidents), None, threshold),
        _table(
            _("By time of day"), Counter(_time_of_day(i.occurred_at) for i in incidents), hours, threshold
        ),
        _table(
            _("By classroom"),
            Counter(i.classroom.name if i.classroom else _("Classroom not recorded") for i in incidents),
            None,
            threshold,
        ),
    ]
    if reach == "team":
        tables.append(_table(_("By child"), Counter(i.child_code for i in incidents), None, None))
    return tables
