"""Data the API tests read: two teams' reports, cycles, an event with attendance, assessments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client

from breakthrough.api.tokens import token_create
from breakthrough.assessments.models import Assessment
from breakthrough.events.models import Attendance, Event
from breakthrough.measures.models import Measure
from breakthrough.measures.services import report_open, report_save, report_submit
from breakthrough.pdsa.services import cycle_share
from breakthrough.study.services import observation_score, response_submit_signed_in
from tests.events.conftest import make_event
from tests.factories import make_classroom, make_cycle, make_measure
from tests.study.helpers import make_study


def make_api_data(cast: Any) -> dict[str, Any]:
    collab = cast.collaborative
    checkin = make_measure(collab, code="checkin")
    removals = make_measure(collab, unit=Measure.Unit.COUNT, code="removals")
    periods = list(collab.periods.order_by("month"))
    draft = report_open(team=cast.team_a, period=periods[0], by=cast.teacher)
    submitted = report_open(team=cast.team_a, period=periods[1], by=cast.teacher)
    report_save(
        report=submitted,
        by=cast.teacher,
        entries={checkin.pk: {"numerator": Decimal(4), "denominator": Decimal(10)}},
    )
    report_submit(report=submitted, by=cast.teacher)
    other = report_open(team=cast.team_b, period=periods[0], by=cast.outsider)
    own_cycle = make_cycle(cast.team_a, cast.teacher)
    shared_cycle = cycle_share(cycle=make_cycle(cast.team_b, cast.outsider), by=cast.outsider)
    hidden_cycle = make_cycle(cast.team_b, cast.outsider, objective="Not shared")
    call = make_event(collab)
    meeting = make_event(collab, Event.Kind.TEAM_MEETING, team=cast.team_a, title="Team A meeting")
    for person in (cast.teacher, cast.outsider):
        Attendance.objects.create(event=call, user=person, status=Attendance.Status.PRESENT)
    rating = Assessment.objects.create(
        team=cast.team_a,
        period=periods[0],
        source="faculty",
        score=Decimal("2.5"),
        reason="Forming",
        rated_by=cast.faculty,
    )
    Assessment.objects.create(
        team=cast.team_b, period=periods[0], source="team", score=Decimal("3.0"), rated_by=cast.outsider
    )
    room = make_classroom(cast.team_a.program, participation="participating")
    study = make_study(cast)
    items = list(study["wave"].instrument.items.active())
    response = response_submit_signed_in(
        wave=study["wave"],
        user=cast.teacher,
        raw={f"item-{i.pk}": str(i.scale_min) for i in items},
        language="en",
    )
    tool_items = study["obs_wave"].instrument.items.active()
    observation_score(
        observation=study["observation"],
        by=cast.observer,
        raw={f"item-{i.pk}": "2" for i in tool_items},
        submit=True,
    )
    return {
        **study,
        "response": response,
        "checkin": checkin,
        "removals": removals,
        "periods": periods,
        "draft": draft,
        "submitted": submitted,
        "other": other,
        "own_cycle": own_cycle,
        "shared_cycle": shared_cycle,
        "hidden_cycle": hidden_cycle,
        "call": call,
        "meeting": meeting,
        "rating": rating,
        "room": room,
    }


def token_client(user: Any) -> Client:
    """A client that signs every request with a fresh personal token of ``user`` (no session)."""
    _token, key = token_create(user=user, name="test")
    return Client(headers={"authorization": f"Bearer {key}"})
