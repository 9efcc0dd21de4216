"""A small collaborative whose every engagement and outcome number is worked out by hand in the tests.

Three teams (A: the cast's team_a, B: team_b, C: a third), as of TODAY = 15 July 2026: six monthly reports
due (January–June), four learning sessions and calls held, PDSA cycles, one measure (A shifts up, B and C
flat), and six classrooms observed before and after with the study's observation tool.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from breakthrough.collaboratives.models import Classroom, Role
from breakthrough.events.models import Attendance, Event
from breakthrough.events.services import attendance_mark
from breakthrough.measures.models import MonthlyReport
from breakthrough.study import services as study_services
from tests.dashboards.conftest import FLAT, SHIFT, add_reports
from tests.factories import make_classroom, make_cycle, make_measure, make_member, make_team, make_user
from tests.study.helpers import observation_tool

TODAY = dt.date(2026, 7, 15)

# Item scores (four items, 1–3) of each classroom before and after: (program, participating, before, after).
ROOMS = {
    "A1": ("a", True, [1, 1, 2, 2], [3, 3, 3, 3]),
    "A2": ("a", True, [2, 2, 2, 2], [2, 2, 3, 3]),
    "B1": ("b", True, [1, 2, 2, 2], [2, 2, 2, 2]),
    "B2": ("b", False, [2, 2, 2, 3], [2, 2, 2, 2]),
    "C1": ("c", False, [1, 1, 1, 2], [3, 3, 2, 2]),
    "C2": ("c", True, [3, 3, 3, 2], [3, 3, 3, 3]),
}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _late(team: Any, months: list[int]) -> None:
    for report in MonthlyReport.objects.filter(team=team, period__month__month__in=months):
        report.submitted_at = _at(report.period.due_date + dt.timedelta(days=3))
        report.save()


def _observe(wave: Any, room: Classroom, scores: list[int], observer: Any) -> None:
    obs = study_services.observation_schedule(
        by=None, wave=wave, classroom=room, observer=observer, starts_at=_at(wave.opens_on)
    )
    items = list(wave.instrument.items.active().order_by("number"))
    raw = {f"item-{item.pk}": str(v) for item, v in zip(items, scores, strict=True)}
    study_services.observation_score(observation=obs, by=observer, raw=raw, submit=True)


def make_feasibility(cast: Any) -> dict[str, Any]:
    collab = cast.collaborative
    team_c = make_team(collab)
    carol = make_user("carol")
    make_member(carol, Role.TEACHER, collab, team_c)
    teams = {"a": cast.team_a, "b": cast.team_b, "c": team_c}

    # Attendance: A at events 1, 2, 3; B at 1; C at 3. A team meeting is no offer of the collaborative.
    kinds = [Event.Kind.LEARNING_SESSION, Event.Kind.COLLABORATIVE_CALL] * 2
    events = []
    for k, kind in enumerate(kinds):
        day = dt.date(2026, 2 + k, 5)
        events.append(
            Event.objects.create(
                collaborative=collab,
                kind=kind,
                title=f"Event {k + 1}",
                starts_at=_at(day),
                ends_at=_at(day, 12),
            )
        )
    meeting = Event.objects.create(
        collaborative=collab,
        kind=Event.Kind.TEAM_MEETING,
        team=cast.team_a,
        title="Team meeting",
        starts_at=_at(dt.date(2026, 3, 10)),
        ends_at=_at(dt.date(2026, 3, 10), 11),
    )
    present, absent, excused = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.EXCUSED
    marks = [
        (events[0], cast.teacher, present),
        (events[0], cast.outsider, present),
        (events[0], carol, absent),
        (events[1], cast.teacher, present),
        (events[1], cast.director, present),
        (events[2], cast.director, present),
        (events[2], carol, present),
        (events[2], cast.outsider, excused),
        (meeting, cast.family, present),
    ]
    for event, user, status in marks:
        attendance_mark(event=event, user=user, status=status, by=cast.staff)

    # Reports (January–June due by TODAY): A all on time, B late in February and March, C late April–June.
    measure = make_measure(collab, name="Daily check-in", code="checkin")
    add_reports(cast.team_a, measure, SHIFT, by=cast.teacher)
    add_reports(cast.team_b, measure, FLAT, by=cast.outsider)
    add_reports(team_c, measure, FLAT, by=carol)
    _late(cast.team_b, [2, 3])
    _late(team_c, [4, 5, 6])

    # PDSA cycles carried out: A in February (twice), April, and September (not yet due); B in March.
    for team, by, day in [
        (cast.team_a, cast.teacher, dt.date(2026, 2, 3)),
        (cast.team_a, cast.teacher, dt.date(2026, 2, 20)),
        (cast.team_a, cast.family, dt.date(2026, 4, 8)),
        (cast.team_a, cast.teacher, dt.date(2026, 9, 1)),
        (cast.team_b, cast.outsider, dt.date(2026, 3, 12)),
    ]:
        make_cycle(team, by, done_on=day, do_observations="Tried it")

    # Observations before (April) and after (October) of six classrooms.
    tool = observation_tool()
    waves = [
        study_services.wave_create(
            by=None,
            collaborative=collab,
            instrument=tool,
            name=name,
            kind=kind,
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=20),
        )
        for name, kind, opens in (
            ("Observations before", "early", dt.date(2026, 4, 1)),
            ("Observations after", "late", dt.date(2026, 10, 1)),
        )
    ]
    rooms = {}
    for code, (program, participating, before, after) in ROOMS.items():
        participation = (
            Classroom.Participation.PARTICIPATING if participating else Classroom.Participation.SPREAD
        )
        room = make_classroom(teams[program].program, name=code, participation=participation)
        rooms[code] = room
        _observe(waves[0], room, before, cast.observer)
        _observe(waves[1], room, after, cast.observer)
    return {
        "teams": teams,
        "carol": carol,
        "events": events,
        "measure": measure,
        "rooms": rooms,
        "waves": waves,
    }


@pytest.fixture
def feasibility(cast: Any) -> dict[str, Any]:
    return make_feasibility(cast)
