"""Who sees and changes what, for every role of the named cast."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from breakthrough.assessments.services import assessment_rate
from breakthrough.collaboratives.access import (
    can_change,
    can_see_participation,
    can_view,
    get_object_for_user,
)
from breakthrough.collaboratives.models import Classroom
from breakthrough.events.models import Attendance, Event
from breakthrough.measures.services import report_open
from breakthrough.pdsa.models import PDSACycle
from breakthrough.pdsa.services import cycle_share
from tests.factories import make_classroom, make_cycle, make_measure

EVERYONE = [
    "staff",
    "faculty",
    "teacher",
    "director",
    "family",
    "evaluator",
    "observer",
    "viewer",
    "outsider",
    "stranger",
]


def allowed(cast, obj, check):
    return {name for name, person in cast.people().items() if check(person, obj)}


def test_team_report_is_seen_by_its_team_and_the_oversight_roles_only(cast):
    make_measure(cast.collaborative)
    report = report_open(team=cast.team_a, period=cast.collaborative.periods.first(), by=cast.teacher)
    assert allowed(cast, report, can_view) == {
        "staff",
        "faculty",
        "evaluator",
        "teacher",
        "director",
        "family",
    }
    assert allowed(cast, report, can_change) == {"staff", "teacher", "director", "family"}


def test_unshared_cycle_is_the_teams_own_until_shared(cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    assert "outsider" not in allowed(cast, cycle, can_view)
    cycle_share(cycle=cycle, by=cast.teacher)
    seen = allowed(cast, cycle, can_view)
    assert seen == {"staff", "faculty", "evaluator", "teacher", "director", "family", "outsider"}
    assert allowed(cast, cycle, can_change) == {"staff", "teacher", "director", "family"}


def test_observer_and_viewer_never_see_team_work(cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    cycle_share(cycle=cycle, by=cast.teacher)
    for name in ("observer", "viewer", "stranger"):
        with pytest.raises(Http404):
            get_object_for_user(getattr(cast, name), PDSACycle, cycle.pk)


def test_framework_and_measures_are_reference_data_for_everyone_but_observers(cast):
    measure = make_measure(cast.collaborative)
    assert allowed(cast, measure, can_view) == set(EVERYONE) - {"observer", "stranger"}
    assert allowed(cast, measure, can_change) == {"staff"}


def test_faculty_rating_is_changed_by_faculty_and_self_rating_by_the_team(cast):
    period = cast.collaborative.periods.first()
    faculty_rating = assessment_rate(
        team=cast.team_a,
        period=period,
        source="faculty",
        score=2,
        by=cast.faculty,
        reason="First cycles under way",
    )
    self_rating = assessment_rate(team=cast.team_a, period=period, source="team", score=3, by=cast.director)
    assert allowed(cast, faculty_rating, can_change) == {"staff", "faculty"}
    assert allowed(cast, self_rating, can_change) == {"staff", "teacher", "director", "family"}


def test_attendance_is_personal(cast):
    event = Event.objects.create(
        collaborative=cast.collaborative,
        kind=Event.Kind.COLLABORATIVE_CALL,
        title="Call",
        starts_at="2026-02-10T15:00Z",
        ends_at="2026-02-10T16:00Z",
    )
    row = Attendance.objects.create(event=event, user=cast.teacher, status="present")
    assert allowed(cast, row, can_view) == {"teacher", "staff", "faculty", "evaluator"}
    assert allowed(cast, row, can_change) == {"teacher", "staff", "faculty"}


def test_it_hides_classroom_participation_from_observer(cast):
    make_classroom(cast.team_a.program, participation=Classroom.Participation.PARTICIPATING)
    assert not can_see_participation(cast.observer, cast.collaborative)
    assert not can_see_participation(cast.viewer, cast.collaborative)
    assert can_see_participation(cast.evaluator, cast.collaborative)


def test_get_object_for_user_refuses_a_write_with_403(cast):
    measure = make_measure(cast.collaborative)
    assert get_object_for_user(cast.teacher, type(measure), measure.pk) == measure
    with pytest.raises(PermissionDenied):
        get_object_for_user(cast.teacher, type(measure), measure.pk, write=True)


def test_archived_membership_grants_nothing(cast):
    from breakthrough.core.services import archive

    cycle = make_cycle(cast.team_a, cast.teacher)
    membership = cast.teacher.memberships.get()
    archive(obj=membership, by=cast.staff)
    cast.teacher.__dict__.pop("_breakthrough_reach", None)
    assert not can_view(cast.teacher, cycle)


def test_anonymous_sees_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert not can_view(AnonymousUser(), make_measure(cast.collaborative))
