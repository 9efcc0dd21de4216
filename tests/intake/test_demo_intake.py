"""The demo's intake: a rubric, an accepted application for every program rated by two staff with readiness
that varies, two waiting (one in Spanish), one declined, the open call and the planning meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from breakthrough.core.models import User
from breakthrough.demo import build_demo
from breakthrough.intake.models import Application, ReadinessRating
from breakthrough.intake.selectors import planning_meeting, readiness_by_program, rubric_of


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 5, 12, 0, tzinfo=dt.UTC), tick=False)
    return build_demo(seed=7)


def test_the_demo_has_applications_readiness_and_the_meeting(demo):
    rubric = rubric_of(demo)
    criteria = list(rubric.criteria.all())
    assert len(criteria) == 5
    assert all(len(c.levels.all()) == 4 for c in criteria)
    teams = list(demo.teams.all())
    accepted = Application.objects.filter(collaborative=demo, status=Application.Status.ACCEPTED)
    assert {a.team_id for a in accepted} == {t.pk for t in teams}
    for application in accepted:
        raters = set(ReadinessRating.objects.filter(application=application).values_list("rater", flat=True))
        assert len(raters) == 2
        assert ReadinessRating.objects.filter(application=application).count() == 2 * len(criteria)
    readiness = readiness_by_program(demo)
    assert set(readiness) == {t.program_id for t in teams}
    assert len({round(v) for v in readiness.values()}) >= 5  # it varies
    assert all(25 <= v <= 100 for v in readiness.values())  # levels score 1–4: at least a quarter
    pending = Application.objects.filter(collaborative=demo, status=Application.Status.SUBMITTED)
    assert sorted(pending.values_list("language", flat=True)) == ["en", "es"]
    assert Application.objects.filter(collaborative=demo, status=Application.Status.DECLINED).count() == 1
    meeting = planning_meeting(demo)
    assert meeting.total_participants == 40  # 7 + 12 + 4 + 9 + 3 + 2 + 2 + 1
    assert meeting.drivers.count() == 4
    assert meeting.measures.count() == 5
    assert meeting.held_on < demo.start_date
    assert not Application.objects.filter(submitted_at__date__gt=dt.date(2026, 6, 5)).exists()


def test_the_demo_pages_open(demo):
    client = Client()
    client.force_login(User.objects.get(username="staff"))
    page = client.get(reverse("intake:list")).content.decode()
    assert "Pequeños Pasos Family Child Care" in page
    client.force_login(User.objects.get(username="evaluator"))
    page = client.get(reverse("intake:readiness")).content.decode()
    assert "Sunflower Early Learning Center" in page
    assert Client().get(reverse("intake:apply", args=[demo.slug])).status_code == 200
