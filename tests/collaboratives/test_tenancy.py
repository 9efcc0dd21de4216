"""Tenancy: programs and classrooms belong to collaboratives; another collaborative's staff neither see nor
change them (the participation flag the study's blinding rests on included)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from breakthrough.collaboratives.access import (
    can_change,
    can_view,
    classrooms_visible_to,
    programs_changeable_by,
    programs_visible_to,
)
from breakthrough.collaboratives.forms import TeamForm
from breakthrough.collaboratives.models import Classroom, Program
from tests.api.helpers import token_client
from tests.factories import make_classroom, make_program, make_team

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def room(cast):
    return make_classroom(cast.team_a.program, participation=Classroom.Participation.PARTICIPATING)


def test_staff_of_another_collaborative_can_neither_read_nor_change_its_programs(cast, room):
    program = cast.team_a.program
    other = cast.staff_other
    assert not can_view(other, program)
    assert not can_change(other, program)
    assert not can_view(other, room)
    assert not can_change(other, room)
    assert can_change(cast.staff, program)
    assert can_change(cast.staff, room)
    assert can_view(cast.observer, room)  # observers need the address and code of their own collaborative
    assert not can_change(cast.observer, room)


def test_the_participation_flag_cannot_be_flipped_from_another_collaborative(cast, room):
    client = client_for(cast.staff_other)
    url = reverse("collaboratives:classroom-edit", args=[room.pk])
    assert client.get(url).status_code == 404
    data = {"name": room.name, "code": room.code, "age_group": room.age_group, "participation": "spread"}
    assert client.post(url, data | {"revision": room.revision}).status_code == 404
    room.refresh_from_db()
    assert room.participation == Classroom.Participation.PARTICIPATING
    program_url = reverse("collaboratives:program-edit", args=[cast.team_a.program_id])
    assert client.get(program_url).status_code == 404
    new_room = reverse("collaboratives:classroom-create", args=[cast.team_a.program_id])
    assert client.post(new_room, data | {"code": "ZZ1"}).status_code == 404
    assert not Classroom.objects.filter(code="ZZ1").exists()


def test_each_staff_sees_the_programs_of_their_own_collaborative_only(cast, room):
    theirs = cast.other_collaborative.teams.get().program
    assert set(programs_visible_to(cast.staff_other)) == {theirs}
    assert set(programs_changeable_by(cast.staff_other)) == {theirs}
    assert cast.team_a.program in programs_visible_to(cast.staff)
    assert theirs not in programs_visible_to(cast.staff)
    assert room not in classrooms_visible_to(cast.staff_other)
    assert set(programs_visible_to(cast.stranger)) == set()


def test_a_program_registered_from_a_set_up_page_belongs_to_that_collaborative(cast):
    client = client_for(cast.staff)
    url = reverse("collaboratives:program-create", args=[cast.collaborative.pk])
    response = client.post(url, {"name": "Sunrise Center", "kind": "child_care_center", "setting": "center"})
    assert response.status_code == 302
    program = Program.objects.get(name="Sunrise Center")
    assert program.registered_in == cast.collaborative
    assert not can_view(cast.staff_other, program)  # no team yet, and still not theirs
    assert can_change(cast.staff, program)


def test_the_team_form_offers_no_program_of_another_collaborative(cast):
    theirs = cast.other_collaborative.teams.get().program
    free_here = make_program(registered_in=cast.collaborative)
    form = TeamForm(collaborative=cast.collaborative, programs=programs_changeable_by(cast.staff))
    offered = set(form.fields["program"].queryset)
    assert free_here in offered
    assert theirs not in offered
    bad = TeamForm(
        {"program": theirs.pk, "name": "Stolen"},
        collaborative=cast.collaborative,
        programs=programs_changeable_by(cast.staff),
    )
    assert not bad.is_valid()
    assert "program" in bad.errors


def test_the_api_lists_no_program_of_another_collaborative(cast):
    response = token_client(cast.staff_other).get("/api/v1/programs/")
    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert cast.team_a.program.name not in names
    assert cast.other_collaborative.teams.get().program.name in names


def test_the_migration_registers_existing_programs_in_their_first_teams_collaborative(cast):
    program = make_program()
    make_team(cast.other_collaborative, program=program)
    make_team(cast.collaborative, program=program)
    lonely = make_program()
    migration = importlib.import_module("breakthrough.collaboratives.migrations.0005_program_registered_in")
    migration.register_in_first_team(apps, None)
    program.refresh_from_db()
    lonely.refresh_from_db()
    assert program.registered_in == cast.other_collaborative
    assert lonely.registered_in is None
