"""Journeys through the monthly report in real headless Chromium, each page checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from breakthrough.collaboratives.comments import comment_add
from breakthrough.measures.models import Measure, MonthlyReport
from breakthrough.measures.services import report_open
from tests.browser_helpers import assert_accessible, sign_in
from tests.factories import make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARCH = dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC)


@pytest.fixture
def march():
    with time_machine.travel(MARCH, tick=True):
        yield


@pytest.fixture
def measures(cast):
    return [
        make_measure(cast.collaborative, code="checkin", name="Daily feelings check-in"),
        make_measure(cast.collaborative, unit=Measure.Unit.COUNT, code="removals", name="Removals"),
    ]


def test_teacher_fills_in_this_months_form_and_submits(page, live_server, cast, measures, march):
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/reports/")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Open this month's form")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("March 2026")
    assert_accessible(page)

    numerator, denominator = page.locator("#f-checkin-numerator"), page.locator("#f-checkin-denominator")
    numerator.fill("12")
    denominator.fill("10")
    message = page.locator("#f-checkin-numerator-error")
    expect(message).to_contain_text("The numerator cannot be larger than the denominator.")
    expect(numerator).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    numerator.fill("7")
    expect(message).to_be_empty()
    expect(numerator).to_have_attribute("aria-invalid", "false")
    page.locator("#f-removals-value").fill("1")
    page.get_by_label("What happened this month").fill("Check-ins every morning from week 2.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Draft saved.")
    expect(page.locator("#f-checkin-numerator")).to_have_value("7")
    assert_accessible(page)

    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("status")).to_contain_text("Report submitted.")
    assert_accessible(page)
    report = MonthlyReport.objects.get(team=cast.team_a)
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.narrative == "Check-ins every morning from week 2."


def test_a_word_instead_of_a_number_is_a_message_not_an_error_page(page, live_server, cast, measures, march):
    period = cast.collaborative.periods.get(month=dt.date(2026, 3, 1))
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}{report.get_absolute_url()}")
    page.locator("#f-removals-value").fill("two")
    # Checked as typed first; waiting for that answer keeps the save below from racing it.
    expect(page.locator("#f-removals-value-error")).to_contain_text("Enter a number")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    expect(page.locator("#f-removals-value-error")).to_contain_text("Enter a number")
    expect(page.locator("#f-removals-value")).to_have_value("two")
    assert_accessible(page)


def test_teacher_reads_facultys_comment_and_answers(page, live_server, cast, measures, march):
    period = cast.collaborative.periods.get(month=dt.date(2026, 2, 1))
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    comment_add(target=report, by=cast.faculty, body="What helped the check-ins take hold?")
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name="Open February 2026").click()
    expect(page.locator("#thread")).to_contain_text("What helped the check-ins take hold?")
    assert_accessible(page)
    page.get_by_label("Add a comment").fill("Greeting each child at the door.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#thread")).to_contain_text("Greeting each child at the door.")
    expect(page.get_by_label("Add a comment")).to_have_value("")
    assert_accessible(page)
    page.reload()
    expect(page.locator("#thread li")).to_have_count(2)


def test_staff_set_up_a_measure_and_revise_its_definition(page, live_server, cast, march):
    sign_in(page, live_server, "staff")
    page.goto(f"{live_server.url}/measures/")
    assert_accessible(page)
    page.get_by_role("link", name="New measure").click()
    assert_accessible(page)
    page.get_by_label("Code").fill("calm")
    page.locator("#id_name_en").fill("Calm transitions")
    page.get_by_label("In force from").fill("2026-01-01")
    page.locator("#id_definition_en").fill("Transitions without a child removed")
    page.locator("#id_numerator_definition_en").fill("calm transitions")
    page.get_by_label("Unit").select_option("percent")
    page.get_by_role("button", name="Create measure").click()
    expect(page.get_by_text("needs a denominator definition")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_denominator_definition_en").fill("transitions observed")
    page.get_by_role("button", name="Create measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calm transitions")
    assert_accessible(page)

    page.get_by_role("link", name="Revise the definition").click()
    assert_accessible(page)
    page.get_by_label("Goal").fill("90")
    page.locator("#id_effective_from").fill("2026-04-01")
    page.locator("#id_change_reason_en").fill("The first goal was met in two months.")
    page.get_by_role("button", name="Save new version").click()
    expect(page.get_by_text("Version 2, in force from April 2026")).to_be_visible()
    assert_accessible(page)
    assert Measure.objects.get(code="calm").current_version.goal == 90
