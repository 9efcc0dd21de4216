"""Importing programs and classrooms touches only the importing collaborative's programs (tenancy)."""

from __future__ import annotations

import pytest

from breakthrough.collaboratives.models import Classroom, Program
from breakthrough.imports import services
from tests.factories import make_classroom

pytestmark = pytest.mark.django_db


def _preview(cast, data: bytes):
    return services.import_preview(
        by=cast.staff_other,
        collaborative=cast.other_collaborative,
        kind="programs",
        file_name="p.csv",
        data=data,
    )[1]


def test_a_program_of_the_same_name_elsewhere_is_not_changed_but_a_new_one_made(cast):
    theirs = cast.team_a.program
    theirs.city = "Boston"
    theirs.save()
    plan = _preview(cast, f"program,kind,city\n{theirs.name},head_start,Cambridge\n".encode())
    assert plan.problems == []
    assert plan.changed == []
    assert plan.created == [f"program {theirs.name}"]


def test_a_classroom_code_of_another_collaborative_is_refused_by_row_and_column(cast):
    room = make_classroom(cast.team_a.program, participation=Classroom.Participation.PARTICIPATING)
    name = cast.team_a.program.name
    data = f"program,kind,classroom,classroom_code,participation\n{name},head_start,X,{room.code},spread\n"
    plan = _preview(cast, data.encode())
    assert [str(p) for p in plan.problems] == [
        "p.csv, row 2, column “classroom_code”: This code belongs to a classroom of another program."
    ]
    room.refresh_from_db()
    assert room.participation == Classroom.Participation.PARTICIPATING
    assert Program.objects.filter(name=name).count() == 1
