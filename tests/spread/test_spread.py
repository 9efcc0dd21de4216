"""Spread: adopted changes (a ramp whose last decision is "adopt"), recorded in use by classroom and month;
what the study reads; the pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from breakthrough.collaboratives.models import Classroom
from breakthrough.pdsa.models import PDSACycle
from breakthrough.spread.models import ChangeInUse
from breakthrough.spread.selectors import (
    SpreadRow,
    adopted_ramps,
    classrooms_using,
    spread_by_month,
    team_grid,
)
from breakthrough.spread.services import spread_record
from tests.community.helpers import adopted_ramp, decide
from tests.factories import make_classroom, make_cycle, make_program

FEB, MAR, APR = dt.date(2026, 2, 1), dt.date(2026, 3, 1), dt.date(2026, 4, 1)
P, S = Classroom.Participation.PARTICIPATING, Classroom.Participation.SPREAD


@pytest.fixture
def rooms(cast):
    program = cast.team_a.program
    return (
        make_classroom(program, name="Butterflies", participation=P),
        make_classroom(program, name="Ladybugs", participation=S),
    )


def test_only_ramps_whose_last_decision_is_adopt_are_adopted(cast):
    adopted = adopted_ramp(cast.team_a, cast.teacher, title="Feelings check-in")
    abandoned = decide(make_cycle(cast.team_a, cast.teacher, title="Calm corner"), cast.teacher, "adopt")
    from breakthrough.pdsa.services import cycle_next

    decide(cycle_next(cycle=abandoned, by=cast.teacher), cast.teacher, PDSACycle.Decision.ABANDON)
    make_cycle(cast.team_a, cast.teacher, title="Undecided")
    other_team = adopted_ramp(cast.team_b, cast.outsider, title="B's idea")
    assert adopted_ramps([cast.team_a]) == [adopted]
    assert set(adopted_ramps([cast.team_a, cast.team_b])) == {adopted, other_team}


def test_a_team_records_what_is_in_use_and_the_study_reads_it(cast, rooms):
    butterflies, ladybugs = rooms
    ramp = adopted_ramp(cast.team_a, cast.teacher, title="Feelings check-in")
    assert (
        spread_record(team=cast.team_a, month=FEB, in_use={(ramp.pk, butterflies.pk)}, by=cast.director) == 1
    )
    in_both = {(ramp.pk, butterflies.pk), (ramp.pk, ladybugs.pk)}
    assert spread_record(team=cast.team_a, month=MAR, in_use=in_both, by=cast.director) == 2
    assert (
        spread_record(team=cast.team_a, month=MAR, in_use=in_both, by=cast.director) == 0
    )  # nothing changed
    assert spread_record(team=cast.team_a, month=APR, in_use={(ramp.pk, ladybugs.pk)}, by=cast.teacher) == 1
    team, idea = cast.team_a.pk, ramp.change_idea_id
    assert spread_by_month(cast.collaborative) == [
        SpreadRow(FEB, team, ramp.pk, idea, butterflies.pk, P),
        SpreadRow(MAR, team, ramp.pk, idea, butterflies.pk, P),
        SpreadRow(MAR, team, ramp.pk, idea, ladybugs.pk, S),
        SpreadRow(APR, team, ramp.pk, idea, ladybugs.pk, S),
    ]
    assert classrooms_using(spread_by_month(cast.collaborative), [FEB, MAR, APR]) == [
        {"month": FEB, "participating": 1, "spread": 0},
        {"month": MAR, "participating": 1, "spread": 1},
        {"month": APR, "participating": 0, "spread": 1},
    ]
    grid = team_grid(cast.team_a, [FEB, MAR, APR])
    assert [(row.classroom.name, row.cells) for row in grid] == [
        ("Butterflies", [True, True, None]),
        ("Ladybugs", [None, True, True]),
    ]


def test_unticking_a_classroom_records_it_as_no_longer_in_use_audited(cast, rooms):
    butterflies, _ladybugs = rooms
    ramp = adopted_ramp(cast.team_a, cast.teacher)
    spread_record(team=cast.team_a, month=MAR, in_use={(ramp.pk, butterflies.pk)}, by=cast.director)
    spread_record(team=cast.team_a, month=MAR, in_use=set(), by=cast.director)
    row = ChangeInUse.objects.get()
    assert row.in_use is False
    assert spread_by_month(cast.collaborative) == []


def test_other_teams_and_oversight_without_the_team_cannot_record(cast, rooms):
    ramp = adopted_ramp(cast.team_a, cast.teacher)
    for person in (cast.outsider, cast.faculty, cast.evaluator, cast.observer, cast.viewer):
        with pytest.raises(PermissionDenied):
            spread_record(team=cast.team_a, month=MAR, in_use={(ramp.pk, rooms[0].pk)}, by=person)


def test_a_classroom_of_another_program_or_an_unadopted_ramp_is_refused(cast, rooms):
    ramp = adopted_ramp(cast.team_a, cast.teacher)
    elsewhere = make_classroom(make_program(), name="Elsewhere")
    open_ramp = make_cycle(cast.team_a, cast.teacher).ramp
    for pair in ((ramp.pk, elsewhere.pk), (open_ramp.pk, rooms[0].pk)):
        with pytest.raises(ValidationError):
            spread_record(team=cast.team_a, month=MAR, in_use={pair}, by=cast.director)
    assert not ChangeInUse.objects.exists()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_spread_view_shows_the_grid_and_observers_never_reach_it(cast, rooms):
    ramp = adopted_ramp(cast.team_a, cast.teacher, title="Feelings check-in")
    spread_record(team=cast.team_a, month=FEB, in_use={(ramp.pk, rooms[1].pk)}, by=cast.director)
    with time_machine.travel("2026-03-15 12:00+00:00"):
        page = client_for(cast.director).get(reverse("spread:home")).content.decode()
        assert "Feelings check-in" in page
        assert "Ladybugs" in page
        assert page.count('class="in-use"') == 1
        assert "Classrooms using at least one adopted change, all teams" not in page  # oversight only
        staff_page = (
            client_for(cast.staff).get(reverse("spread:home"), {"team": cast.team_a.pk}).content.decode()
        )
        assert "Classrooms using at least one adopted change, all teams" in staff_page
        assert client_for(cast.observer).get(reverse("spread:home")).status_code == 403
        assert client_for(cast.viewer).get(reverse("spread:home")).status_code == 403


def test_recording_from_the_page(cast, rooms):
    ramp = adopted_ramp(cast.team_a, cast.teacher)
    url = reverse("spread:record", args=[cast.team_a.pk])
    client = client_for(cast.director)
    response = client.post(url, {"month": "2026-03", f"use-{ramp.pk}-{rooms[0].pk}": "on"})
    assert response.status_code == 302
    assert list(ChangeInUse.objects.values_list("classroom_id", "month", "in_use")) == [
        (rooms[0].pk, MAR, True)
    ]
    bad = client.post(url, {"month": "March"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["month"]
