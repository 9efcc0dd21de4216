"""The feasibility answers' reads of the database: a fixed number of queries each, plain values back.

What the dashboards and the study already read is read through them (``dashboards.selectors``,
``study.series``); these are the reads only the study's answers need.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from breakthrough.collaboratives.models import (
    TEAM_ROLES,
    Collaborative,
    Membership,
    Period,
    Team,
    month_start,
)
from breakthrough.events.models import Attendance, Event
from breakthrough.incidents.models import DemographicCategory
from breakthrough.measures.models import MonthlyReport
from breakthrough.pdsa.models import PDSACycle, Ramp
from breakthrough.spread.models import ChangeInUse
from breakthrough.study.models import Code, Excerpt, Instrument, Wave

# The events whose attendance is the collaborative's offer to every team (team meetings are a team's own).
OFFERED = (Event.Kind.LEARNING_SESSION, Event.Kind.COLLABORATIVE_CALL)


def teams(collaborative: Collaborative) -> list[Team]:
    return list(
        Team.objects.active().filter(collaborative=collaborative).select_related("program").order_by("name")
    )


def people_by_team(collaborative: Collaborative) -> dict[int, tuple[int, str]]:
    """user id → (team id, role) of the team members (the first membership of a person counts)."""
    found: dict[int, tuple[int, str]] = {}
    for user_id, team_id, role in (
        Membership.objects.active()
        .filter(collaborative=collaborative, team__isnull=False, role__in=list(TEAM_ROLES))
        .order_by("pk")
        .values_list("user_id", "team_id", "role")
    ):
        found.setdefault(user_id, (team_id, role))
    return found


@dataclass
class Offered:
    """The learning sessions and collaborative calls held so far, and which teams were at each."""

    events: list[Event]
    teams_at: dict[int, set[int]]  # event id → team ids with someone present


def offered_attendance(
    collaborative: Collaborative, people: dict[int, tuple[int, str]], today: dt.date
) -> Offered:
    until = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
    events = list(
        Event.objects.active()
        .filter(collaborative=collaborative, kind__in=OFFERED, team__isnull=True, starts_at__lt=until)
        .order_by("starts_at")
    )
    teams_at: dict[int, set[int]] = defaultdict(set)
    for event_id, user_id in Attendance.objects.filter(
        event__in=events, status=Attendance.Status.PRESENT
    ).values_list("event_id", "user_id"):
        if user_id in people:
            teams_at[event_id].add(people[user_id][0])
    return Offered(events=events, teams_at=teams_at)


def due_periods(collaborative: Collaborative, today: dt.date) -> list[Period]:
    """The months whose report was due by today."""
    return list(Period.objects.filter(collaborative=collaborative, due_date__lte=today).order_by("month"))


def reports_on_time(collaborative: Collaborative, periods: list[Period]) -> dict[int, int]:
    """team id → how many of these months' reports it submitted by the due date."""
    found: Counter[int] = Counter()
    due = {p.pk: p.due_date for p in periods}
    for team_id, period_id, submitted in (
        MonthlyReport.objects.active()
        .filter(period_id__in=list(due), submitted_at__isnull=False)
        .values_list("team_id", "period_id", "submitted_at")
    ):
        if timezone.localtime(submitted).date() <= due[period_id]:
            found[team_id] += 1
    return dict(found)


def cycle_months(collaborative: Collaborative) -> dict[int, set[dt.date]]:
    """team id → the months in which it carried out (Do) at least one PDSA cycle."""
    found: dict[int, set[dt.date]] = defaultdict(set)
    for team_id, day in (
        PDSACycle.objects.active()
        .filter(ramp__team__collaborative=collaborative, done_on__isnull=False)
        .values_list("ramp__team_id", "done_on")
    ):
        found[team_id].add(month_start(day))
    return found


def cycles_by_role(collaborative: Collaborative, people: dict[int, tuple[int, str]]) -> Counter[str]:
    """PDSA cycles by the role on the team of the person who wrote them (who leads the tests)."""
    found: Counter[str] = Counter()
    for user_id in (
        PDSACycle.objects.active()
        .filter(ramp__team__collaborative=collaborative)
        .values_list("created_by_id", flat=True)
    ):
        found[people[user_id][1] if user_id in people else ""] += 1
    return found


@dataclass
class Sharing:
    cycles: int
    shared: int
    reused: int  # shared cycles whose change idea another team took up in a ramp started after the share
    ramps: int
    ramps_longer: int  # ramps of two cycles or more
    spread_in_use: int  # classroom × month records of an adopted change in use
    spread_classrooms: int


def sharing(collaborative: Collaborative) -> Sharing:
    cycles = PDSACycle.objects.active().filter(ramp__team__collaborative=collaborative)
    shared = list(
        cycles.filter(is_shared=True).values_list("ramp__team_id", "ramp__change_idea_id", "shared_at")
    )
    ramps = list(
        Ramp.objects.active()
        .filter(team__collaborative=collaborative)
        .values_list("team_id", "change_idea_id", "created_at")
    )
    reused = sum(
        1
        for team_id, idea, when in shared
        if when is not None and any(t != team_id and i == idea and c > when for t, i, c in ramps)
    )
    lengths = Counter(cycles.values_list("ramp_id", flat=True))
    in_use = ChangeInUse.objects.active().filter(ramp__team__collaborative=collaborative, in_use=True)
    return Sharing(
        cycles=cycles.count(),
        shared=len(shared),
        reused=reused,
        ramps=len(ramps),
        ramps_longer=sum(1 for n in lengths.values() if n >= 2),
        spread_in_use=in_use.count(),
        spread_classrooms=in_use.values("classroom_id").distinct().count(),
    )


def excerpts_by_mechanism(collaborative: Collaborative) -> dict[str, list[dict[str, Any]]]:
    """mechanism → the coded excerpts tied to it (each once per mechanism), oldest interview first."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    codes = Code.objects.active().filter(collaborative=collaborative).exclude(mechanism=Code.Mechanism.OTHER)
    excerpts = (
        Excerpt.objects.active()
        .filter(codes__in=codes)
        .select_related("interview")
        .prefetch_related("codes")
        .order_by("interview__held_on", "pk")
    )
    for excerpt in excerpts:
        for code in excerpt.codes.all():
            key = (code.mechanism, excerpt.pk)
            if code.mechanism == Code.Mechanism.OTHER or key in seen:
                continue
            seen.add(key)
            found[code.mechanism].append(
                {
                    "text": excerpt.text,
                    "label": excerpt.interview.label,
                    "informant": excerpt.interview.get_informant_display(),
                    "held_on": excerpt.interview.held_on,
                    "code": code.name,
                }
            )
    return found


def survey_pairs(collaborative: Collaborative) -> list[tuple[Instrument, Wave, Wave]]:
    """Each survey with an early and a late wave: (instrument, early, late), the first wave of each kind."""
    waves = (
        Wave.objects.active()
        .filter(collaborative=collaborative, instrument__kind=Instrument.Kind.SURVEY)
        .select_related("instrument")
        .order_by("opens_on", "pk")
    )
    by: dict[int, dict[str, Wave]] = defaultdict(dict)
    for wave in waves:
        by[wave.instrument_id].setdefault(wave.kind, wave)
    return [
        (w[Wave.Kind.EARLY].instrument, w[Wave.Kind.EARLY], w[Wave.Kind.LATE])
        for w in by.values()
        if Wave.Kind.EARLY in w and Wave.Kind.LATE in w
    ]


def survey_waves(collaborative: Collaborative) -> list[Wave]:
    return list(
        Wave.objects.active()
        .filter(collaborative=collaborative, instrument__kind=Instrument.Kind.SURVEY)
        .select_related("instrument")
        .order_by("opens_on", "pk")
    )


def observation_pair(collaborative: Collaborative) -> tuple[Wave, Wave] | None:
    """The first two waves of the same observation tool, before and after, or None."""
    waves = list(
        Wave.objects.active()
        .filter(collaborative=collaborative, instrument__kind=Instrument.Kind.OBSERVATION)
        .select_related("instrument")
        .order_by("opens_on", "pk")
    )
    for k, first in enumerate(waves):
        for later in waves[k + 1 :]:
            if later.instrument_id == first.instrument_id:
                return first, later
    return None


def demographic_categories(collaborative: Collaborative) -> list[DemographicCategory]:
    return list(DemographicCategory.objects.active().filter(collaborative=collaborative).order_by("pk"))
