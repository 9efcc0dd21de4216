"""The demo's two waves: the live collaborative (``build.build_live``) and the earlier one it started from.

The earlier wave ran for a year and ended six months before the live one started; its sustainment stays
open, with a report each quarter since. Six programs took part; five of them came back for the live wave
(the same programs, so each keeps its history on its earlier team) and one did not. Its framework and
measures are the ones the live wave started from (the same codes), so the dashboards' waves page can lay
the two over each other, and its finished PDSA cycles are the history the live teams build on.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone, translation

from breakthrough.collaboratives.models import (
    Classroom,
    Collaborative,
    Program,
    Role,
    SustainmentReporting,
    Team,
    add_months,
)
from breakthrough.collaboratives.services import (
    collaborative_create,
    neutral_classroom_code,
    sustainment_extend,
)
from breakthrough.core.models import User
from breakthrough.demo import values
from breakthrough.demo.build import (
    DEMO_SLUG,
    LIVE_MONTH,
    PATTERNS,
    _Demo,
    _framework,
    _measures,
    _member,
    _pdsa,
    _person,
    _reports,
    build_live,
)
from breakthrough.demo.spanish import fill_spanish
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport

EARLIER_SLUG = f"{DEMO_SLUG}-wave-1"
RETURNING = 5  # the live wave's first five programs took part in the earlier wave too
GONE = ("Maple Street Family Child Care", Program.Kind.FAMILY_CHILD_CARE, "Roslindale", "18 Maple Street")


@transaction.atomic
def build_demo(*, seed: int = 2026, today: dt.date | None = None, month: int = LIVE_MONTH) -> Collaborative:
    """Build the demo as of ``today`` (default: the local date): the live collaborative in its ``month``
    (2–12; 13: the month after its year is over) and the earlier wave it started from. The same seed and
    day give the same demo. Returns the live collaborative."""
    with translation.override("en"):  # the content is written in English, then given its Spanish
        live = build_live(seed=seed, today=today or timezone.localdate(), month=month)
        build_earlier_wave(live)
    fill_spanish()
    return live.collab


def build_earlier_wave(live: _Demo) -> Collaborative:
    """The first wave, 18 months before the live one, with the live wave's staff, evaluator and viewer,
    two of its faculty, and the director and a teacher of each program that came back."""
    collab = collaborative_create(
        by=live.staff,
        name="Boston SEL Breakthrough Collaborative, wave 1 (demo)",
        slug=EARLIER_SLUG,
        topic=live.collab.topic,
        start_date=add_months(live.collab.start_date, -18),
        description="The demo's first wave: the live collaborative started from it. Programs, people and "
        "data are fictional; measures are illustrative.",
        sustainment_reporting=SustainmentReporting.QUARTERLY,
    )
    sustainment_extend(collaborative=collab, today=live.today)
    wave = _Demo(
        rng=random.Random(f"{live.seed}:wave-1"),
        collab=collab,
        today=live.today,
        staff=live.staff,
        month=13,  # its year is over
        seed=live.seed + 1,
        usernames=live.usernames,
    )
    wave.periods = list(collab.periods.order_by("month"))
    wave.faculty = live.faculty[:2]
    oversight = [(live.staff, Role.PROJECT_STAFF), *((f, Role.FACULTY) for f in wave.faculty)]
    oversight += [(User.objects.get(username=name), role) for name, role in _NAMED]
    for user, role in oversight:
        _member(wave, user, role)
    _framework(wave)
    for index, team in enumerate(live.teams[:RETURNING]):
        again = Team.objects.create(collaborative=collab, program=team.program, name=team.name)
        _team(wave, again, index, [p for p in live.members[team.pk] if p[1] in _CORE][:2])
    _team(
        wave, Team.objects.create(collaborative=collab, program=_gone(collab), name=f"{GONE[0]} team"), 5, []
    )
    measures = _measures(wave)
    _reports(wave, measures)
    _sustainment_reports(wave, measures)
    _pdsa(wave)
    return collab


_NAMED = [("evaluator", Role.EVALUATOR), ("viewer", Role.VIEWER)]
_CORE = {Role.DIRECTOR, Role.TEACHER}


def _team(wave: _Demo, team: Team, index: int, people: list[tuple[User, str]]) -> None:
    if not people:
        people = [(_person(wave), Role.DIRECTOR), (_person(wave), Role.TEACHER)]
    for user, role in people:
        _member(wave, user, role, team)
    _member(wave, people[0][0], Role.TEAM_LEAD, team)
    _member(wave, wave.faculty[index % len(wave.faculty)], Role.FACULTY, team)
    wave.teams.append(team)
    wave.members[team.pk] = people


def _gone(collab: Collaborative) -> Program:
    """The program that took part in the first wave only."""
    name, kind, hood, street = GONE
    program = Program.objects.create(
        name=name,
        kind=kind,
        setting=Program.Setting.HOME,
        street_address=street,
        neighborhood=hood,
        city="Boston",
        state="MA",
        postal_code="02131",
        licensed_capacity=8,
        qris_level="2",
        license_number="DEMO-0999",
        registered_in=collab,
    )
    Classroom.objects.create(
        program=program,
        name="Home room",
        code=neutral_classroom_code(random.Random(f"{collab.slug}/{name}")),
        age_group="preschool",
        children_enrolled=6,
        participation=Classroom.Participation.PARTICIPATING,
    )
    return program


def _sustainment_reports(wave: _Demo, measures: list[Measure]) -> None:
    """A reviewed report each quarter of sustainment (March, June, September, December) whose due date has
    passed, from the teams that came back: they hold their gains."""
    quarters = [
        p
        for p in wave.periods[12:]
        if p.month.month % 3 == 0 and p.due_date < wave.today - dt.timedelta(days=3)
    ]
    latest = {m.pk: MeasureVersion.objects.filter(measure=m).order_by("-number").first() for m in measures}
    rows = []
    for t_index, team in enumerate(wave.teams[:RETURNING]):
        pattern = PATTERNS[t_index % len(PATTERNS)]
        submitter, reviewer = wave.members[team.pk][0][0], wave.faculty[t_index % len(wave.faculty)]
        for period in quarters:
            submitted = timezone.make_aware(dt.datetime.combine(period.due_date, dt.time(15, 0)))
            report = MonthlyReport.objects.create(
                team=team,
                period=period,
                status=MonthlyReport.Status.REVIEWED,
                submitted_by=submitter,
                submitted_at=submitted,
                reviewed_by=reviewer,
                reviewed_at=submitted + dt.timedelta(days=2),
                narrative=f"{team.program.name}: sustainment, {period.month:%B %Y}.",
            )
            size = len(wave.members[team.pk])
            for measure in measures:
                version = latest[measure.pk]
                entry = values.entry(wave.rng, measure.code, pattern, 11, size, 11)  # where the year ended
                rows.append(MeasureValue(report=report, measure=measure, measure_version=version, **entry))
    MeasureValue.objects.bulk_create(rows)
