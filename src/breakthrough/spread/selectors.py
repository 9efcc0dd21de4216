"""Reads of spread: the adopted changes of a team, its grid of classrooms × months, and the rows the study
reads (``spread_by_month``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from breakthrough.collaboratives.models import Classroom, Collaborative, Team, month_start
from breakthrough.pdsa.models import PDSACycle, Ramp
from breakthrough.spread.models import ChangeInUse


def adopted_ramps(teams: Any) -> list[Ramp]:
    """The ramps of ``teams`` whose last decision (the highest-numbered cycle with one) is "adopt"."""
    decided = (
        PDSACycle.objects.active()
        .filter(ramp__team__in=teams, ramp__archived_at__isnull=True)
        .exclude(decision="")
        .order_by("ramp_id", "-number")
        .values_list("ramp_id", "decision")
    )
    last: dict[int, str] = {}
    for ramp_id, decision in decided:
        last.setdefault(ramp_id, decision)
    adopted = [ramp_id for ramp_id, decision in last.items() if decision == PDSACycle.Decision.ADOPT]
    return list(
        Ramp.objects.filter(pk__in=adopted)
        .select_related("change_idea", "team")
        .order_by("team__name", "title")
    )


def classrooms_of(team: Team) -> list[Classroom]:
    return list(Classroom.objects.active().filter(program=team.program_id).order_by("name"))


def months_of(collaborative: Collaborative, today: dt.date) -> list[dt.date]:
    """The collaborative's months up to this one (and on into sustainment, while it lasts)."""
    last = month_start(today)
    return [m for m in collaborative.reporting_months() if m <= last] or [
        month_start(collaborative.start_date)
    ]


@dataclass(frozen=True)
class GridRow:
    ramp: Ramp
    classroom: Classroom
    cells: list[bool | None]  # per month: in use, not in use, or not recorded


def team_grid(team: Team, months: list[dt.date]) -> list[GridRow]:
    """Adopted changes × classrooms, over ``months``."""
    ramps, rooms = adopted_ramps([team]), classrooms_of(team)
    answers = {
        (r, c, m): in_use
        for r, c, m, in_use in ChangeInUse.objects.active()
        .filter(ramp__in=ramps, month__in=months)
        .values_list("ramp_id", "classroom_id", "month", "in_use")
    }
    return [
        GridRow(ramp, room, [answers.get((ramp.pk, room.pk, m)) for m in months])
        for ramp in ramps
        for room in rooms
    ]


@dataclass(frozen=True)
class SpreadRow:
    month: dt.date
    team_id: int
    ramp_id: int
    change_idea_id: int
    classroom_id: int
    participation: str  # Classroom.Participation: "participating" or "spread"


def spread_by_month(collaborative: Collaborative) -> list[SpreadRow]:
    """Every month an adopted change was recorded in use in a classroom of a team of ``collaborative``, with
    the classroom's participation (a study-side read: never show it to observers). Sorted by month, team,
    ramp, classroom. Changes whose ramp is no longer adopted still count for the months they were recorded."""
    rows = (
        ChangeInUse.objects.active()
        .filter(ramp__team__collaborative=collaborative, in_use=True)
        .values_list(
            "month",
            "ramp__team_id",
            "ramp_id",
            "ramp__change_idea_id",
            "classroom_id",
            "classroom__participation",
        )
        .order_by("month", "ramp__team_id", "ramp_id", "classroom_id")
    )
    return [SpreadRow(*row) for row in rows]


def classrooms_using(rows: list[SpreadRow], months: list[dt.date]) -> list[dict[str, Any]]:
    """Per month: how many participating and spread classrooms use at least one adopted change."""
    out = []
    for month in months:
        seen = {(r.classroom_id, r.participation) for r in rows if r.month == month}
        out.append(
            {
                "month": month,
                "participating": sum(1 for _c, p in seen if p == Classroom.Participation.PARTICIPATING),
                "spread": sum(1 for _c, p in seen if p == Classroom.Participation.SPREAD),
            }
        )
    return out
