"""The demo's notifications module, on the cast's collaborative (tests/test_demo.py builds the whole demo)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from breakthrough.collaboratives.comments import comment_add
from breakthrough.demo.notifications import build_notifications_demo
from breakthrough.notifications.models import Channel, Kind, Notification
from breakthrough.notifications.services import channel_for
from tests.factories import START, make_cycle

pytestmark = pytest.mark.django_db


def test_old_comments_are_history_and_late_reports_are_told(cast):
    comment_add(target=make_cycle(cast.team_a, cast.teacher), by=cast.faculty, body="Written while building")
    due = cast.collaborative.periods.get(month=START).due_date
    with time_machine.travel(dt.datetime.combine(due + dt.timedelta(days=2), dt.time(12)).astimezone()):
        made = build_notifications_demo(cast.collaborative)
    assert made["comments"] == 0
    assert made["reports"] == 4  # January is late for both teams: 3 members on team A, 1 on team B
    assert not Notification.objects.filter(kind=Kind.COMMENT).exists()
    assert channel_for(cast.staff, Kind.REPORT_LATE) == Channel.DIGEST
