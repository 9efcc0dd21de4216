"""Faculty's journey in real headless Chromium: review queue, report, comment, review, rate the team."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from playwright.sync_api import expect

from breakthrough.assessments.models import Assessment
from breakthrough.measures.models import MonthlyReport
from breakthrough.measures.services import report_open, report_submit
from tests.browser_helpers import assert_accessible, sign_in
from tests.factories import make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARCH = dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC)


@pytest.fixture
def march():
    with time_machine.travel(MARCH, tick=True):
        yield


@pytest.fixture
def submitted(cast):
    make_measure(cast.collaborative, code="checkin", name="Daily feelings check-in")
    period = cast.collaborative.periods.get(month=dt.date(2026, 2, 1))
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    return report_submit(report=report, by=cast.teacher)


def test_faculty_reviews_comments_and_rates_the_team(page, live_server, cast, levels, submitted, march):
    sign_in(page, live_server, "faculty")
    page.goto(f"{live_server.url}/reports/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    assert_accessible(page)

    page.get_by_role("link", name=f"Open {submitted}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("February 2026")
    assert_accessible(page)
    page.get_by_label("Add a comment").fill("Lovely narrative. What will you try next month?")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#thread")).to_contain_text("What will you try next month?")
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.get_by_role("status")).to_contain_text("Marked reviewed.")
    assert_accessible(page)
    submitted.refresh_from_db()
    assert submitted.status == MonthlyReport.Status.REVIEWED

    page.goto(f"{live_server.url}/reports/review/")
    expect(page.get_by_text("No report is waiting for review.")).to_be_visible()

    page.get_by_role("link", name="Assessment").click()
    assert_accessible(page)
    team = page.locator(f"#team-{cast.team_a.pk}")
    team.get_by_label("Score for March 2026").select_option("3.0")
    team.get_by_role("button", name=f"Save rating of {cast.team_a.name}").click()
    expect(page.locator(f"#team-{cast.team_a.pk}")).to_contain_text("Faculty give a reason for their rating.")
    assert_accessible(page)
    team = page.locator(f"#team-{cast.team_a.pk}")
    expect(team.get_by_label("Score for March 2026")).to_have_value("3.0")
    team.get_by_label("Reason (required)").fill("Check-ins are steady; outcomes not yet moving.")
    team.get_by_role("button", name=f"Save rating of {cast.team_a.name}").click()
    expect(page.get_by_role("status")).to_contain_text("Rating saved")
    assert_accessible(page)
    rating = Assessment.objects.get(team=cast.team_a)
    assert (rating.source, rating.score, rating.rated_by) == ("faculty", D("3.0"), cast.faculty)


def test_teacher_rates_their_team_with_the_levels_beside_the_choices(page, live_server, cast, levels, march):
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/assessments/")
    assert_accessible(page)
    expect(page.get_by_text("Early signs of better results on process measures")).to_be_visible()
    page.get_by_label("2.5 – Testing spreads").check()
    page.get_by_role("button", name="Save our rating").click()
    expect(page.get_by_role("status")).to_contain_text("Rating saved")
    expect(page.get_by_label("2.5 – Testing spreads")).to_be_checked()
    assert_accessible(page)
    assert Assessment.objects.get().source == "team"
