"""Classroom codes carry nothing: the demo's and the platform's give no order that sorts participating rooms
together (observers are blind to participation)."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from django.test import Client
from django.urls import reverse

from breakthrough.collaboratives.models import Classroom
from breakthrough.collaboratives.services import neutral_classroom_code

pytestmark = pytest.mark.django_db
NEUTRAL = re.compile(r"^K-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{5}$")


def test_a_classroom_added_without_a_code_gets_a_neutral_one(cast):
    client = Client()
    client.force_login(cast.staff)
    url = reverse("collaboratives:classroom-create", args=[cast.team_a.program_id])
    data = {"name": "Robins", "code": "", "age_group": "toddler", "participation": "participating"}
    assert client.post(url, data).status_code == 302
    assert NEUTRAL.match(Classroom.objects.get(name="Robins").code)


def test_neutral_codes_are_repeatable_with_a_seeded_generator_and_differ_otherwise():
    assert neutral_classroom_code(random.Random("x")) == neutral_classroom_code(random.Random("x"))
    assert len({neutral_classroom_code() for _ in range(50)}) == 50


def test_the_demos_codes_do_not_sort_participating_rooms_together():
    from breakthrough.demo import build_demo

    collab = build_demo(seed=2026)
    rooms = list(Classroom.objects.filter(program__teams__collaborative=collab).order_by("code"))
    assert all(NEUTRAL.match(r.code) for r in rooms)
    flags = [r.participation == Classroom.Participation.PARTICIPATING for r in rooms]
    # Grouped by their sorted codes, participating rooms would form one run: count the runs.
    runs = 1 + sum(a != b for a, b in itertools.pairwise(flags))
    assert runs > 2, flags
    program_order = [r.program_id for r in rooms]
    assert program_order != sorted(program_order)  # nor do they follow the programs
