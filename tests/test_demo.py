"""The demo collaborative: deterministic, the size the issue asks for, with patterns worth charting."""

from __future__ import annotations

import statistics
from collections import Counter

import pytest

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.models import TEAM_ROLES, Classroom, Role
from breakthrough.core.models import User
from breakthrough.demo import SIGN_INS, build_demo
from breakthrough.demo.build import PATTERNS, demo_summary
from breakthrough.events.models import Event
from breakthrough.measures.models import MeasureValue
from breakthrough.pdsa.models import PDSACycle


@pytest.fixture
def demo(db):
    return build_demo(seed=7)


def test_it_has_the_size_of_a_real_collaborative(demo):
    summary = demo_summary()
    assert summary["programs"] == 8
    assert summary["teams"] == 8
    assert 25 <= summary["classrooms"] <= 35
    assert 120 <= summary["cycles"] <= 190
    assert demo.periods.count() == 12
    assert {c.participation for c in Classroom.objects.all()} == {"participating", "spread"}


def test_teams_are_cross_role_with_families(demo):
    for team in demo.teams.all():
        roles = Counter(m.role for m in team.memberships.all() if m.role in TEAM_ROLES - {Role.TEAM_LEAD})
        assert 4 <= sum(roles.values()) <= 7
        assert roles[Role.FAMILY_MEMBER] >= 1
        assert roles[Role.TEACHER] >= 1
        assert roles[Role.DIRECTOR] == 1


def test_every_sign_in_exists_with_its_role(demo):
    for username in SIGN_INS:
        assert User.objects.get(username=username).memberships.exists()


def test_a_shift_team_improves_after_learning_session_2(demo):
    team = demo.teams.order_by("pk")[PATTERNS.index("shift")]
    values = MeasureValue.objects.filter(report__team=team, measure__code="checkin", numerator__isnull=False)
    before = [
        float(v.numerator / v.denominator) for v in values if v.report.period.month.month in (11, 12, 1, 2)
    ]
    after = [
        float(v.numerator / v.denominator) for v in values if v.report.period.month.month in (5, 6, 7, 8, 9)
    ]
    assert statistics.mean(after) - statistics.mean(before) > 0.15


def test_there_are_missing_months_late_reports_and_all_three_decisions(demo):
    assert MeasureValue.objects.filter(numerator__isnull=True, value__isnull=True).exists()
    assert any(r.is_late(r.period.due_date) for t in demo.teams.all() for r in t.reports.all())
    assert {c.decision for c in PDSACycle.objects.all()} >= {"adopt", "adapt", "abandon"}
    assert PDSACycle.objects.filter(ramp__cycles__number=3).exists()  # ramps of several cycles


def test_events_and_assessments(demo):
    kinds = Counter(Event.objects.values_list("kind", flat=True))
    assert kinds["learning_session"] == 3
    assert kinds["collaborative_call"] == 12
    assert kinds["affinity_call"] > 0
    assert Assessment.objects.filter(source="faculty").exclude(reason="").count() == 8 * 11
    assert Assessment.objects.filter(source="team").count() == 8 * 11
