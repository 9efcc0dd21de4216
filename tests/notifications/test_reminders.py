"""The scans that make notifications, and the emails they become, with time frozen on chosen days."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from breakthrough.collaboratives.comments import comment_add
from breakthrough.events.models import Event
from breakthrough.measures.services import report_open, report_submit
from breakthrough.notifications import reminders, services
from breakthrough.notifications.models import Channel, Delivery, Kind, Notification
from tests.factories import START, make_cycle

pytestmark = pytest.mark.django_db


def _period(cast, month):
    return cast.collaborative.periods.get(month=month)


def test_report_due_reaches_each_member_of_teams_without_a_submitted_report(cast):
    period = _period(cast, START.replace(day=1))  # due on the 10th of the next month
    report_submit(report=report_open(team=cast.team_b, period=period, by=cast.outsider), by=cast.outsider)
    day = period.due_date - dt.timedelta(days=3)  # the default: three days before
    with time_machine.travel(dt.datetime.combine(day, dt.time(9)).astimezone()):
        made = reminders.reports_due_and_late(timezone.localdate())
        again = reminders.reports_due_and_late(timezone.localdate())
    # team A has three members (teacher, director, family); team B submitted, so the outsider hears nothing
    assert made == 3
    assert again == 0
    rows = Notification.objects.filter(kind=Kind.REPORT_DUE)
    assert {n.user.username for n in rows} == {"teacher", "director", "family"}
    assert all(n.delivery == Delivery.PENDING for n in rows)


def test_a_report_not_due_yet_beyond_the_reminder_window_makes_nothing(cast):
    period = _period(cast, START.replace(day=1))
    day = period.due_date - dt.timedelta(days=4)
    assert reminders.reports_due_and_late(day) == 0


def test_late_after_the_due_date(cast):
    period = _period(cast, START.replace(day=1))
    made = reminders.reports_due_and_late(period.due_date + dt.timedelta(days=1))
    # both teams' members: 3 on team A, 1 on team B — and the due reminder is a different kind, made too? no:
    # after the due date only "late" is made for this period.
    assert made == 4
    assert set(Notification.objects.values_list("kind", flat=True)) == {Kind.REPORT_LATE}


def test_a_faculty_comment_notifies_the_team_in_each_persons_language(cast):
    cast.teacher.preferred_language = "es"
    cast.teacher.email = "maestra@example.org"
    cast.teacher.save()
    cycle = make_cycle(cast.team_a, cast.director)
    comment_add(target=cycle, by=cast.faculty, body="Buen trabajo")
    assert reminders.new_comments() == 3  # teacher, director (also the cycle's author), family
    assert reminders.new_comments() == 0  # the cursor moved on
    mail.outbox.clear()
    services.deliver_pending()
    to_teacher = [m for m in mail.outbox if m.to == ["maestra@example.org"]]
    assert len(to_teacher) == 1
    assert "comentó el ciclo PDSA" in to_teacher[0].subject
    assert "/notifications/unsubscribe/" in to_teacher[0].body


def test_the_author_of_a_comment_is_not_told_of_it(cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    comment_add(target=cycle, by=cast.teacher, body="Note to self")
    reminders.new_comments()
    assert not Notification.objects.filter(user=cast.teacher).exists()


def test_event_tomorrow_carries_a_calendar_file(cast):
    starts = timezone.make_aware(dt.datetime.combine(START + dt.timedelta(days=20), dt.time(15)))
    Event.objects.create(
        collaborative=cast.collaborative,
        kind=Event.Kind.COLLABORATIVE_CALL,
        title="Monthly call",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    made = reminders.events_tomorrow(timezone.localtime(starts).date() - dt.timedelta(days=1))
    assert made == 4  # every team member of the collaborative: 3 on team A, 1 on team B
    mail.outbox.clear()
    services.deliver_pending()
    assert len(mail.outbox) == 4
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert (name, mimetype) == ("event.ics", "text/calendar")
    assert "SUMMARY:Monthly call" in content
    assert f"DTSTART:{starts.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in content


def test_pdsa_waiting_in_study_longer_than_the_setting(cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    cycle.done_on = START + dt.timedelta(days=5)
    cycle.do_observations = "We tried it"
    cycle.save()
    assert reminders.pdsa_waiting(cycle.done_on + dt.timedelta(days=13)) == 0
    assert reminders.pdsa_waiting(cycle.done_on + dt.timedelta(days=14)) == 1
    row = Notification.objects.get(kind=Kind.PDSA_WAITING)
    assert row.user == cast.teacher
    assert row.params["days"] == 14


def test_off_means_nothing_shown_and_no_email(cast):
    services.preferences_set(user=cast.teacher, channels={Kind.REPORT_LATE: Channel.OFF})
    period = _period(cast, START.replace(day=1))
    reminders.reports_due_and_late(period.due_date + dt.timedelta(days=1))
    row = Notification.objects.get(user=cast.teacher)
    assert row.delivery == Delivery.NONE
    assert not Notification.objects.for_user(cast.teacher).exists()


def test_staff_digest_on_mondays_lists_late_reports(cast):
    period = _period(cast, START.replace(day=1))
    monday = period.due_date + dt.timedelta(days=(7 - period.due_date.weekday()) % 7 or 7)
    assert monday.weekday() == 0
    assert reminders.staff_digest(monday - dt.timedelta(days=1)) == 0
    reminders.staff_digest(monday)
    row = Notification.objects.get(kind=Kind.STAFF_DIGEST, collaborative=cast.collaborative)
    assert row.user == cast.staff
    assert row.params["count"] == 2  # both teams, one month
