"""The demo collaborative: deterministic, the size the issue asks for, with patterns worth charting, and
alive on the day it is built (month 8 of 12: a report due, reports to review, a call next week, fresh
comments, nothing dated in the future)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.models import TEAM_ROLES, Classroom, Collaborative, Role
from breakthrough.core.models import Comment, User
from breakthrough.demo import SIGN_INS, build_demo
from breakthrough.demo.build import PATTERNS, demo_summary
from breakthrough.events.models import Attendance, Event
from breakthrough.incidents.models import Incident
from breakthrough.measures.models import MeasureValue, MonthlyReport
from breakthrough.pdsa.models import PDSACycle
from tests.conftest import kept_for_the_module

TODAY = dt.date(2026, 6, 5)  # a Friday; May's reports are due on June 10


BUILT_AT = dt.datetime(2026, 6, 5, 12, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.xdist_group("demo")  # one worker builds it, once


@pytest.fixture(scope="module")
def demo_built_once(django_db_setup, django_db_blocker):
    """The demo of seed 7 as of BUILT_AT, built once for this module's tests (tests/conftest.py)."""
    with kept_for_the_module(django_db_blocker):
        with time_machine.travel(BUILT_AT, tick=False):
            pk = build_demo(seed=7).pk
        yield pk


@pytest.fixture
def demo(demo_built_once, db, time_machine):
    time_machine.move_to(BUILT_AT, tick=False)
    return Collaborative.objects.get(pk=demo_built_once)


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
    # Learning session 2 opens month 5 (March 2026 for a demo started in November 2025).
    before = [
        float(v.numerator / v.denominator) for v in values if v.report.period.month < dt.date(2026, 3, 1)
    ]
    after = [
        float(v.numerator / v.denominator) for v in values if v.report.period.month >= dt.date(2026, 3, 1)
    ]
    assert len(before) >= 3
    assert len(after) >= 2
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
    # Months 2 to 7 (December to May) are over and rated; June, the month of today, is not.
    assert Assessment.objects.filter(source="faculty").exclude(reason="").count() == 8 * 6
    assert Assessment.objects.filter(source="team").count() == 8 * 6


def test_the_demo_is_in_its_eighth_month_on_the_day_it_is_built(demo):
    assert demo.start_date == dt.date(2025, 11, 1)  # June 2026 is month 8
    assert demo.end_date == dt.date(2026, 10, 31)
    months = [p.month for p in demo.periods.order_by("month")]
    assert months.index(dt.date(2026, 6, 1)) == 7


def test_a_report_is_due_others_wait_for_review_and_none_comes_from_the_future(demo):
    may = demo.periods.get(month=dt.date(2026, 5, 1))
    first_team = demo.teams.order_by("pk").first()  # the team of the teacher, director and family sign-ins
    assert not MonthlyReport.objects.filter(team=first_team, period=may).exists()
    waiting = MonthlyReport.objects.filter(team__collaborative=demo, status=MonthlyReport.Status.SUBMITTED)
    assert waiting.filter(period=may).count() >= 3
    assert not MonthlyReport.objects.filter(period__month__gte=dt.date(2026, 6, 1)).exists()
    now = timezone.now()
    assert not MonthlyReport.objects.filter(submitted_at__gt=now).exists()
    assert not MonthlyReport.objects.filter(reviewed_at__gt=now).exists()
    assert not PDSACycle.objects.filter(done_on__gte=TODAY).exists()
    assert not PDSACycle.objects.filter(created_at__gt=now).exists()
    assert not PDSACycle.objects.filter(shared_at__gt=now).exists()
    assert not Incident.objects.filter(occurred_on__gte=TODAY).exists()
    assert not Attendance.objects.filter(event__ends_at__gt=now).exists()


def test_a_call_is_next_week_and_comments_are_fresh(demo):
    week = (timezone.now(), timezone.now() + dt.timedelta(days=8))
    calls = Event.objects.filter(kind=Event.Kind.COLLABORATIVE_CALL, starts_at__range=week)
    assert [c.starts_at.date() for c in calls] == [dt.date(2026, 6, 12)]
    recent = Comment.objects.filter(created_at__gte=timezone.now() - dt.timedelta(days=14))
    assert recent.filter(created_at__lte=timezone.now()).count() >= 8
    assert not Comment.objects.filter(created_at__gt=timezone.now()).exists()


def test_cycles_were_last_changed_when_their_work_was_done_not_when_the_demo_was_built(demo):
    since = timezone.now() - dt.timedelta(days=30)
    total = PDSACycle.objects.filter(ramp__team__collaborative=demo).count()
    recent = PDSACycle.objects.filter(ramp__team__collaborative=demo, updated_at__gte=since).count()
    assert 0 < recent < total / 3


def test_built_on_another_day_every_date_moves_with_the_start_and_the_numbers_stay(db, time_machine):
    """Built on 5 March 2027 (the same day of the month), the demo starts in August 2026: the same values
    and cycles, each cycle nine months later."""

    def build(day: dt.date) -> tuple[list, list]:
        time_machine.move_to(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False)
        collab = build_demo(seed=7)
        values = list(
            MeasureValue.objects.filter(report__team__collaborative=collab)
            .order_by("pk")
            .values_list("numerator", "denominator", "value")
        )
        cycles = list(
            PDSACycle.objects.filter(ramp__team__collaborative=collab)
            .order_by("pk")
            .values_list("objective", "planned_start", "done_on")
        )
        return collab.start_date, values, cycles

    results = []
    for day in (TODAY, dt.date(2027, 3, 5)):
        with transaction.atomic():
            sid = transaction.savepoint_create()
            results.append(build(day))
            transaction.savepoint_rollback(sid)
    (start_a, values_a, cycles_a), (start_b, values_b, cycles_b) = results
    assert (start_a, start_b) == (dt.date(2025, 11, 1), dt.date(2026, 8, 1))
    assert len(values_a) > 300  # 8 teams × 7 months over × 8 measures, less the missing months
    assert values_a == values_b
    assert [c[0] for c in cycles_a] == [c[0] for c in cycles_b]

    def month_and_day(day: dt.date) -> tuple[int, int]:
        return day.year * 12 + day.month, day.day

    earlier = [(a, b) for a, b in zip(cycles_a, cycles_b, strict=True) if a[1] < dt.date(2026, 5, 25)]
    assert len(earlier) > 100
    for a, b in earlier:  # nine months later, on the same day of the month
        (month_a, day_a), (month_b, day_b) = month_and_day(a[1]), month_and_day(b[1])
        assert (month_b - month_a, day_b) == (9, day_a)


def test_the_earlier_wave_is_in_sustainment_with_the_programs_that_came_back(demo):
    from breakthrough.collaboratives.models import Collaborative
    from breakthrough.demo import EARLIER_SLUG

    earlier = Collaborative.objects.get(slug=EARLIER_SLUG)
    # 18 months before the live wave: May 2024 to April 2025, in sustainment six months before the live one.
    assert (earlier.start_date, earlier.end_date) == (dt.date(2024, 5, 1), dt.date(2025, 4, 30))
    assert earlier.in_sustainment(TODAY)
    months = list(earlier.periods.order_by("month").values_list("month", flat=True))
    assert months[0] == dt.date(2024, 5, 1)
    assert months[-1] == dt.date(2026, 6, 1)
    reports = MonthlyReport.objects.filter(team__collaborative=earlier)
    assert reports.filter(period__month__lte=earlier.end_date).count() >= 6 * 12 * 0.9
    quarters = {r.period.month for r in reports.filter(period__month__gt=earlier.end_date)}
    # Quarterly in sustainment: June, September and December 2025, March 2026 (June 2026 is not over).
    assert quarters == {dt.date(2025, 6, 1), dt.date(2025, 9, 1), dt.date(2025, 12, 1), dt.date(2026, 3, 1)}
    programs = set(earlier.teams.values_list("program", flat=True))
    assert len(programs) == 6
    assert len(programs & set(demo.teams.values_list("program", flat=True))) == 5
    shared = set(earlier.measures.values_list("code", flat=True))
    assert shared == set(demo.measures.values_list("code", flat=True))
    assert PDSACycle.objects.filter(ramp__team__collaborative=earlier, done_on__isnull=False).exists()
    staff = User.objects.get(username="staff")
    assert set(staff.memberships.values_list("collaborative__slug", flat=True)) == {demo.slug, EARLIER_SLUG}


def test_the_waves_page_compares_the_two_on_every_shared_measure(demo, client):
    from django.urls import reverse

    client.force_login(User.objects.get(username="staff"))
    page = client.get(reverse("dashboards:waves"), {"collaborative": demo.pk})
    html = page.content.decode()
    assert page.status_code == 200
    # One chart per measure, each drawn twice: for a phone and for a wide page (CSS shows the one that fits).
    assert html.count("<svg") == 2 * demo.measures.count() == 16
    assert "Boston SEL Breakthrough Collaborative, wave 1 (demo)" in html
    assert "5 programs took part in every wave shown." in html


def test_the_incidents_measure_counts_exactly_the_incident_log(demo):
    """Each team's monthly incidents numerator is the number of incident reports it logged that month
    (the demo's rates once disagreed with its log: 33-95 a month against 1-3)."""
    from breakthrough.collaboratives.models import month_start

    logged = Counter(
        (i.team_id, month_start(i.occurred_on)) for i in Incident.objects.filter(team__collaborative=demo)
    )
    counted = {
        (v.report.team_id, v.report.period.month): int(v.numerator)
        for v in MeasureValue.objects.filter(
            report__team__collaborative=demo, measure__code="incidents", numerator__isnull=False
        ).select_related("report__period")
    }
    assert counted
    assert {k: n for k, n in counted.items() if n} == dict(logged)
    assert 3 <= statistics.median(counted.values()) <= 40  # about one to ten a week per team
