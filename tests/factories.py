"""Plain factory functions: deterministic, no Faker. Each takes overrides as keyword arguments."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from breakthrough.collaboratives.models import Classroom, Collaborative, Membership, Program, Team
from breakthrough.collaboratives.services import collaborative_create
from breakthrough.core.models import User
from breakthrough.framework.models import ChangeIdea, PrimaryDriver, SecondaryDriver
from breakthrough.measures.models import Measure
from breakthrough.measures.services import measure_create
from breakthrough.pdsa.models import PDSACycle
from breakthrough.pdsa.services import ramp_start

_counter = itertools.count(1)
START = dt.date(2026, 1, 1)


def make_user(username: str | None = None, **overrides: Any) -> User:
    username = username or f"person{next(_counter)}"
    user = User(username=username, first_name=username.title(), email=f"{username}@example.org", **overrides)
    user.set_password("pw")
    user.save()
    return user


def make_collaborative(**overrides: Any) -> Collaborative:
    n = next(_counter)
    fields = {"name": f"Collaborative {n}", "slug": f"collab-{n}", "topic": "SEL", "start_date": START}
    return collaborative_create(by=None, **(fields | overrides))


def make_program(**overrides: Any) -> Program:
    n = next(_counter)
    return Program.objects.create(**({"name": f"Program {n}", "kind": Program.Kind.HEAD_START} | overrides))


def make_classroom(program: Program, **overrides: Any) -> Classroom:
    n = next(_counter)
    fields = {"name": f"Room {n}", "code": f"R{n:04d}", "age_group": Classroom.AgeGroup.PRESCHOOL}
    return Classroom.objects.create(program=program, **(fields | overrides))


def make_team(collaborative: Collaborative, **overrides: Any) -> Team:
    program = overrides.pop("program", None) or make_program()
    return Team.objects.create(
        collaborative=collaborative, program=program, name=f"{program.name} team", **overrides
    )


def make_member(user: User, role: str, collaborative: Collaborative, team: Team | None = None) -> Membership:
    membership = Membership(user=user, role=role, collaborative=collaborative, team=team)
    membership.full_clean()
    membership.save()
    return membership


def make_change_idea(collaborative: Collaborative, **overrides: Any) -> ChangeIdea:
    primary = PrimaryDriver.objects.create(collaborative=collaborative, name="Relationships")
    secondary = SecondaryDriver.objects.create(primary=primary, name="Routines")
    return ChangeIdea.objects.create(secondary=secondary, **({"name": "Visual schedule"} | overrides))


def make_measure(collaborative: Collaborative, unit: str = Measure.Unit.PERCENT, **overrides: Any) -> Measure:
    n = next(_counter)
    has_den = unit in (Measure.Unit.PERCENT, Measure.Unit.RATE)
    definition = {
        "definition": "Share of classroom-days with a check-in",
        "numerator_definition": "days with a check-in" if has_den else "",
        "denominator_definition": "days open" if has_den else "",
        "unit": unit,
        "multiplier": 100 if unit == Measure.Unit.PERCENT else 1,
        "goal": Decimal("80"),
    }
    fields = {
        "collaborative": collaborative,
        "code": f"m{n}",
        "name": f"Measure {n}",
        "kind": Measure.Kind.PROCESS,
        "better": Measure.Better.UP,
    }
    effective_from = overrides.pop("effective_from", collaborative.start_date.replace(day=1))
    return measure_create(
        by=None, effective_from=effective_from, definition=definition, **(fields | overrides)
    )


def make_incidents_measure(collaborative: Collaborative, **overrides: Any) -> Measure:
    """A rate whose numerator is counted from the teams' behavior incident reports."""
    fields = {
        "code": "incidents",
        "name": "Incidents per 100 child-days",
        "better": Measure.Better.DOWN,
        "numerator_source": Measure.NumeratorSource.INCIDENT_REPORTS,
    }
    return make_measure(collaborative, unit=Measure.Unit.RATE, **(fields | overrides))


def make_incident(team: Team, by: User, day: dt.date, at: dt.time | None = None) -> Any:
    """A behavior incident report of ``team`` on ``day`` (at ``at``, when given)."""
    from breakthrough.incidents.services import incident_report

    return incident_report(
        by=by,
        team=team,
        demographics={},
        child_code="K1",
        occurred_on=day,
        occurred_at=at,
        activity="circle time",
        behavior="hitting",
    )


def make_cycle(team: Team, by: User, **plan: Any) -> PDSACycle:
    idea = plan.pop("change_idea", None) or make_change_idea(team.collaborative)
    return ramp_start(team=team, change_idea=idea, by=by, **({"objective": "Try it for a week"} | plan))
