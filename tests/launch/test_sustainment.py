"""After the end date: periods go on while sustainment stays open, reporting by the collaborative's setting,
and the home page says what sustainment asks."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from breakthrough.collaboratives.models import SustainmentReporting
from breakthrough.collaboratives.services import sustainment_extend
from breakthrough.notifications import reminders
from breakthrough.notifications.models import Kind, Notification
from breakthrough.notifications.tasks import extend_sustainment

pytestmark = pytest.mark.django_db
D = dt.date


def test_periods_go_on_after_the_end_date_once(cast):
    collab = cast.collaborative  # January to December 2026, reports due on the 10th
    assert collab.end_date == D(2026, 12, 31)
    made = sustainment_extend(collaborative=collab, today=D(2027, 3, 15))
    assert [(p.month, p.due_date) for p in made] == [
        (D(2027, 1, 1), D(2027, 2, 10)),
        (D(2027, 2, 1), D(2027, 3, 10)),
        (D(2027, 3, 1), D(2027, 4, 10)),
    ]
    assert sustainment_extend(collaborative=collab, today=D(2027, 3, 20)) == []
    assert collab.periods.count() == 15


def test_closed_sustainment_adds_nothing(cast):
    collab = cast.collaborative
    collab.sustainment_open = False
    collab.save()
    assert sustainment_extend(collaborative=collab, today=D(2027, 3, 15)) == []


def test_the_daily_task_extends_every_open_collaborative(cast):
    with time_machine.travel(dt.datetime(2027, 2, 2, 12).astimezone()):
        made = extend_sustainment.call()
    assert made[cast.collaborative.slug] == 2  # January and February 2027


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (SustainmentReporting.MONTHLY, [True, True, True]),
        (SustainmentReporting.QUARTERLY, [False, False, True]),
        (SustainmentReporting.OPTIONAL, [False, False, False]),
    ],
)
def test_reporting_after_the_end_date_follows_the_setting(cast, mode, expected):
    collab = cast.collaborative
    collab.sustainment_reporting = mode
    assert collab.reporting_expected(D(2026, 11, 1))  # before the end date: always
    assert [collab.reporting_expected(D(2027, m, 1)) for m in (1, 2, 3)] == expected


def test_quarterly_sustainment_reminds_only_for_quarter_months(cast):
    collab = cast.collaborative  # quarterly is the default
    sustainment_extend(collaborative=collab, today=D(2027, 3, 20))
    # March 8: February's report (due March 10) is not asked for; December's (due January 10, inside the
    # 60-day window) is late for both teams' four members.
    assert reminders.reports_due_and_late(D(2027, 3, 8)) == 4
    assert set(Notification.objects.values_list("kind", flat=True)) == {Kind.REPORT_LATE}
    # April 8: March's report, due April 10, is asked for; January's and February's never are.
    assert reminders.reports_due_and_late(D(2027, 4, 8)) == 4
    due = Notification.objects.filter(kind=Kind.REPORT_DUE)
    assert {n.params["month"] for n in due} == {"2027-03-01"}


def test_the_home_page_says_what_sustainment_asks(cast):
    client = Client()
    with time_machine.travel(dt.datetime(2027, 2, 2, 12).astimezone()):
        client.force_login(cast.teacher)
        page = client.get(reverse("home")).content.decode()
    assert f"{cast.collaborative.name} is in sustainment" in page
    assert "Send a data report once a quarter" in page
    with time_machine.travel(dt.datetime(2026, 6, 2, 12).astimezone()):
        client.force_login(cast.teacher)
        assert "is in sustainment" not in client.get(reverse("home")).content.decode()
