"""The dashboards' reads of the database (HackSoft's selectors): a fixed number of queries each, whatever
the number of teams. Rows come back as plain values; ``rows`` shapes them and ``measures.series`` turns
the monthly values into arrays.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, Value
from django.utils import timezone

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.access import OVERSIGHT
from breakthrough.collaboratives.models import (
    TEAM_ROLES,
    Collaborative,
    Membership,
    Phase,
    Role,
    Team,
    month_start,
)
from breakthrough.core.translated import localized
from breakthrough.dashboards.models import ChartPhase
from breakthrough.events.models import Attendance, Event
from breakthrough.framework.models import PrimaryDriver
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport
from breakthrough.pdsa.models import PDSACycle, Ramp

# Above this many teams, filtering by team in SQL (long IN lists) costs more than reading every row.
IN_LIST_LIMIT = 500


def dashboard_collaboratives(user: Any) -> list[Collaborative]:
    """The collaboratives whose dashboard a person may open (oversight roles and viewers)."""
    if user.is_superuser:
        return list(Collaborative.objects.active())
    ids = (
        Membership.objects.active()
        .filter(user=user, role__in=[*OVERSIGHT, Role.VIEWER])
        .values_list("collaborative_id", flat=True)
    )
    return list(Collaborative.objects.active().filter(pk__in=ids))


def teams(collaborative: Collaborative, program_kind: str = "") -> list[tuple[int, str]]:
    """The collaborative's active teams as (id, name), by name; of one program type if given."""
    qs = Team.objects.filter(collaborative=collaborative, archived_at__isnull=True)
    if program_kind:
        qs = qs.filter(program__kind=program_kind)
    return list(qs.order_by("name").values_list("id", "name"))


def shared_measures(collaborative: Collaborative) -> list[Measure]:
    """The collaborative's active shared measures (not a team's own), in their order."""
    qs = Measure.objects.active().filter(collaborative=collaborative, team__isnull=True)
    return list(qs.order_by("order", "id"))


def team_measures(team: Team) -> list[Measure]:
    """A team's measures: the shared ones and its own."""
    return list(
        Measure.objects.active()
        .filter(Q(team__isnull=True) | Q(team=team), collaborative_id=team.collaborative_id)
        .order_by("order", "id")
    )


def drivers(collaborative: Collaborative) -> list[PrimaryDriver]:
    return list(PrimaryDriver.objects.filter(collaborative=collaborative).order_by("order"))


def phases(
    measure_ids: list[int], collaborative: Collaborative, team_ids: list[int]
) -> dict[tuple[int, int], list[ChartPhase]]:
    """Accepted phases per (measure id, team id), one query."""
    found: dict[tuple[int, int], list[ChartPhase]] = defaultdict(list)
    qs = ChartPhase.objects.active().filter(measure_id__in=measure_ids, team__collaborative=collaborative)
    if len(team_ids) < IN_LIST_LIMIT:
        qs = qs.filter(team_id__in=team_ids)
    for p in qs.select_related("accepted_by").order_by("starts", "pk"):  # in order within each series
        found[(p.measure_id, p.team_id)].append(p)
    return found


def phase_starts(found: dict[tuple[int, int], list[ChartPhase]]) -> dict[tuple[int, int], list[dt.date]]:
    return {key: [p.starts for p in found_phases] for key, found_phases in found.items()}


def fingerprint(collaborative: Collaborative) -> tuple[Any, ...]:
    """What the charts depend on, in one query (the aggregates of each table, UNION ALL): counts and latest
    saves.

    Every write through the services saves rows (``updated_at`` moves) or adds or archives them (counts
    change), so equal fingerprints mean equal data. Bulk ``update()`` calls that skip ``save()`` are not seen.
    """
    parts = [
        # By the measure (a small join): a collaborative's reports hold only its own measures' values.
        MeasureValue.objects.filter(measure__collaborative=collaborative),
        MonthlyReport.objects.filter(team__collaborative=collaborative),
        MeasureVersion.objects.filter(measure__collaborative=collaborative),
        Measure.objects.filter(collaborative=collaborative),
        Team.objects.filter(collaborative=collaborative),
        Phase.objects.filter(collaborative=collaborative),
        ChartPhase.objects.filter(team__collaborative=collaborative),
    ]
    # A constant outside GROUP BY: one row of aggregates per table, tagged with its place.
    # Model translations rewrite values_list() of translated models (and with it the column order of a
    # UNION member): these read counts and times only, so their querysets read the columns as they are.
    plain = [qs.rewrite(False) if hasattr(qs, "rewrite") else qs for qs in parts]
    rows = [
        qs.order_by()
        .annotate(part=Value(k))
        .values("part")
        .annotate(n=Count("pk"), last=Max("updated_at"))
        .values_list("part", "n", "last")
        for k, qs in enumerate(plain)
    ]
    found = {part: (n, last) for part, n, last in rows[0].union(*rows[1:], all=True).order_by()}
    return (
        collaborative.pk,
        collaborative.updated_at,
        *(found.get(k, (0, None)) for k in range(len(parts))),
        timezone.localdate(),  # lateness depends on the day
    )


@dataclass
class RoleAttendance:
    """People present at each learning session and call, by role (role labels as people read them)."""

    events: list[Event]
    counts: dict[int, Counter[str]]  # event id -> role label -> people present


def attendance_by_role(collaborative: Collaborative, other: str) -> RoleAttendance:
    """Attendance at learning sessions and calls by team role (team leads not counted apart)."""
    roles = dict(
        Membership.objects.active()
        .filter(collaborative=collaborative, team__isnull=False, role__in=list(TEAM_ROLES))
        .exclude(role=Role.TEAM_LEAD)
        .order_by()
        .values_list("user_id", "role")
    )
    role_labels = dict(Membership._meta.get_field("role").choices)
    kinds = [Event.Kind.LEARNING_SESSION, Event.Kind.COLLABORATIVE_CALL, Event.Kind.AFFINITY_CALL]
    events = {
        e.pk: e
        for e in Event.objects.filter(collaborative=collaborative, kind__in=kinds).order_by("starts_at")
    }
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    rows = (
        Attendance.objects.filter(event_id__in=list(events), status=Attendance.Status.PRESENT)
        .order_by()
        .values_list("event_id", "user_id")
    )
    for event_id, user_id in rows:
        counts[event_id][str(role_labels.get(roles.get(user_id, ""), other))] += 1
    return RoleAttendance(events=list(events.values()), counts=counts)


@dataclass
class Cycles:
    """PDSA cycles counted by month (the first of the month it was done, or planned) × driver × decision."""

    counts: Counter[tuple[dt.date, str, str]] = field(default_factory=Counter)


def cycles_by_month(
    collaborative: Collaborative,
    *,
    driver: int | None,
    team_ids: set[int] | None,
    decision_labels: dict[str, str],
    undecided: str,
) -> Cycles:
    cycles = PDSACycle.objects.active().filter(ramp__team__collaborative=collaborative)
    if driver:
        cycles = cycles.filter(ramp__change_idea__secondary__primary_id=driver)
    if team_ids is not None and len(team_ids) < IN_LIST_LIMIT:
        cycles = cycles.filter(ramp__team_id__in=team_ids)
    found = Cycles()
    for day, planned, decision, driver_name in cycles.order_by().values_list(
        "done_on", "planned_start", "decision", localized("ramp__change_idea__secondary__primary__name")
    ):
        when = day or planned
        if when is not None:
            found.counts[(month_start(when), driver_name, decision_labels.get(decision, undecided))] += 1
    return found


def ramp_lengths(collaborative: Collaborative) -> Counter[int]:
    """How many ramps have how many cycles."""
    ramps = Ramp.objects.active().filter(team__collaborative=collaborative).annotate(n=Count("cycles"))
    return Counter(ramps.order_by().values_list("n", flat=True))


def assessment_scores(
    collaborative: Collaborative, team_ids: set[int] | None
) -> dict[tuple[dt.date, str], list[float]]:
    """Assessment scores per (month, source: faculty or team)."""
    qs = Assessment.objects.active().filter(team__collaborative=collaborative)
    if team_ids is not None and len(team_ids) < IN_LIST_LIMIT:
        qs = qs.filter(team_id__in=team_ids)
    sums: dict[tuple[dt.date, str], list[float]] = defaultdict(list)
    for month, source, score in qs.order_by("pk").values_list("period__month", "source", "score"):
        sums[(month, source)].append(float(score))
    return sums


def dose(collaborative: Collaborative) -> tuple[Counter[int], dict[int, Counter[str]]]:
    """Per team: people's attendances, and PDSA cycles per primary driver's name."""
    team_of = dict(
        Membership.objects.active()
        .filter(collaborative=collaborative, team__isnull=False, role__in=list(TEAM_ROLES))
        .order_by()
        .values_list("user_id", "team_id")
    )
    attended: Counter[int] = Counter()
    for user_id in (
        Attendance.objects.filter(event__collaborative=collaborative, status=Attendance.Status.PRESENT)
        .order_by()
        .values_list("user_id", flat=True)
    ):
        if user_id in team_of:
            attended[team_of[user_id]] += 1
    pdsa: dict[int, Counter[str]] = defaultdict(Counter)
    for team_id, name in (
        PDSACycle.objects.active()
        .filter(ramp__team__collaborative=collaborative)
        .order_by()
        .values_list("ramp__team_id", localized("ramp__change_idea__secondary__primary__name"))
    ):
        pdsa[team_id][name] += 1
    return attended, pdsa


def team_cycles(team: Team) -> list[tuple[Any, ...]]:
    """A team's PDSA cycles for its charts' annotations: (done, planned, decision, ramp title, number)."""
    return list(
        PDSACycle.objects.active()
        .filter(ramp__team=team)
        .order_by("ramp__created_at", "number")  # the default order (ramp, number) for one team, fewer joins
        .values_list("done_on", "planned_start", "decision", localized("ramp__title"), "number")
    )


def team_attendance(team: Team) -> list[dict[str, Any]]:
    """How many of a team's people attended each event of the collaborative (one query: the events, each
    with its count of present team members)."""
    people = (
        Membership.objects.active().filter(team=team, role__in=list(TEAM_ROLES)).order_by().values("user_id")
    )
    present = Q(attendance__status=Attendance.Status.PRESENT, attendance__user_id__in=people)
    events = (
        Event.objects.filter(collaborative_id=team.collaborative_id)
        .filter(Q(team__isnull=True) | Q(team=team))
        .annotate(attended=Count("attendance", filter=present))
    )
    return [{"event": e, "attended": e.attended} for e in events.order_by("starts_at", "pk")]
