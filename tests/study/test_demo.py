"""The study demo: two survey waves with gaps, double-coded observations, incidents, interviews."""

from __future__ import annotations

import random

import pytest
from django.test import Client
from django.urls import reverse

from breakthrough.collaboratives.models import Classroom, Role
from breakthrough.demo.study import build_study_demo
from breakthrough.study import series
from breakthrough.study.models import Answer, Observation, Response, Wave
from tests.factories import make_classroom, make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(cast):
    make_member(make_user("observer2"), Role.OBSERVER, cast.collaborative)
    for team in (cast.team_a, cast.team_b):
        for k in range(4):
            make_classroom(
                team.program,
                children_enrolled=12,
                participation=Classroom.Participation.PARTICIPATING
                if k < 2
                else Classroom.Participation.SPREAD,
            )
    return build_study_demo(cast.collaborative, random.Random(3))


def test_the_demo_has_two_waves_with_some_missing_answers(demo, cast):
    assert demo["responses"] > 20
    assert demo["incidents"] > 0
    assert demo["excerpts"] == 8
    early, late = Wave.objects.filter(instrument__slug="psych-safety").order_by("opens_on")
    n_items = early.instrument.items.count()
    responses = Response.objects.filter(wave=early)
    assert Answer.objects.filter(response__in=responses).count() < responses.count() * n_items
    assert series.change(early, late)[0]["overall"]["n"] >= 3


def test_the_demo_observations_are_double_coded_and_leave_visits_for_the_observer(demo, cast):
    assert Observation.objects.filter(second_of__isnull=False).exists()
    assert Observation.objects.filter(observer=cast.observer, status="scheduled").exists()


def test_the_evaluator_pages_render_on_the_demo(demo, cast):
    client = Client()
    client.force_login(cast.evaluator)
    for wave in Wave.objects.all():
        assert client.get(reverse("study:wave-scores", args=[wave.pk])).status_code == 200
        assert client.get(reverse("study:wave-detail", args=[wave.pk])).status_code == 200
    assert client.get(reverse("study:equity")).status_code == 200
    assert client.get(reverse("study:interview-list")).status_code == 200
