from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from breakthrough.events.models import Attendance, Event
from breakthrough.events.services import attendance_mark
from tests.factories import make_user


def at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(15)))


def test_affinity_call_names_its_role_group(cast):
    event = Event(
        collaborative=cast.collaborative,
        kind=Event.Kind.AFFINITY_CALL,
        title="Families",
        starts_at=at(dt.date(2026, 3, 3)),
        ends_at=at(dt.date(2026, 3, 3)),
    )
    with pytest.raises(ValidationError) as exc:
        event.full_clean()
    assert "role_group" in exc.value.message_dict
    event.role_group = Event.RoleGroup.FAMILIES
    event.full_clean()


def test_team_meeting_belongs_to_a_team_and_to_the_collaborative_dates(cast):
    event = Event(
        collaborative=cast.collaborative,
        kind=Event.Kind.TEAM_MEETING,
        title="Meeting",
        starts_at=at(dt.date(2031, 1, 1)),
        ends_at=at(dt.date(2031, 1, 1)),
    )
    with pytest.raises(ValidationError) as exc:
        event.full_clean()
    assert {"team", "starts_at"} <= exc.value.message_dict.keys()


def test_marking_attendance_twice_updates_one_row(cast):
    event = Event.objects.create(
        collaborative=cast.collaborative,
        kind=Event.Kind.LEARNING_SESSION,
        title="LS1",
        starts_at=at(dt.date(2026, 2, 1)),
        ends_at=at(dt.date(2026, 2, 2)),
    )
    attendance_mark(event=event, user=cast.teacher, status="absent", by=cast.teacher)
    attendance_mark(event=event, user=cast.teacher, status="present", by=cast.faculty)
    row = Attendance.objects.get()
    assert (row.status, row.recorded_by) == ("present", cast.faculty)


def test_only_collaborative_members_attend(cast):
    event = Event.objects.create(
        collaborative=cast.collaborative,
        kind=Event.Kind.LEARNING_SESSION,
        title="LS1",
        starts_at=at(dt.date(2026, 2, 1)),
        ends_at=at(dt.date(2026, 2, 2)),
    )
    with pytest.raises(ValidationError):
        attendance_mark(event=event, user=make_user(), status="present", by=cast.staff)
