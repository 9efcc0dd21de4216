"""The dashboards in headless Chromium as staff, faculty and a viewer: charts, signals, axe."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_helpers import assert_accessible, sign_in
from tests.dashboards.conftest import make_dash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNAL = "path[fill='#FAA43A']"  # signal points are orange diamonds (and say so in their label)
SHIFT = "path[fill='#F28E2B']"  # the months of a shift are shaded (and say so in their label)


def test_staff_read_the_collaborative_dashboard_and_open_a_team(page, live_server, cast):
    objs = make_dash(cast)
    sign_in(page, live_server, "staff")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#pooled-chart .chart-wide svg").count() == 1
    assert page.locator(f"#multiples-chart .chart-wide svg {SHIFT}").count() > 0
    assert page.locator("table.summary").get_by_text("Special cause variation, improving").count() == 1
    assert_accessible(page)
    page.locator("table.summary").get_by_role("link", name=objs["team_a"].name).click()
    page.wait_for_load_state()
    assert page.locator(f"#team-chart .chart-wide svg {SHIFT}").count() > 0
    assert_accessible(page)
    page.get_by_role("link", name="Daily check-in").click()
    page.wait_for_load_state()
    assert page.locator(f"#measure-chart .chart-wide svg {SHIFT}").count() > 0
    assert "months in a row above the center line: a shift" in page.locator("ul.signals").inner_text()
    page.get_by_text("Data table of this chart").click()
    assert page.locator("details table tbody tr").count() == 12
    assert_accessible(page)


def test_faculty_accept_a_new_phase_with_a_reason(page, live_server, cast):
    objs = make_dash(cast)
    sign_in(page, live_server, "faculty")
    page.goto(f"{live_server.url}/dashboards/team/{objs['team_a'].pk}/measure/{objs['measure'].pk}/")
    assert_accessible(page)
    page.get_by_label("Chart type").select_option("p")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert page.locator("#measure-chart .chart-wide svg").count() == 1
    page.get_by_label("Chart type").select_option("run")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    page.get_by_label("Why has the process changed?").fill("The check-in became part of the morning routine")
    page.get_by_role("button", name="Start a new phase").click()
    page.wait_for_load_state()
    assert page.get_by_text("The check-in became part of the morning routine").count() >= 1
    # The new phase's line, and its name beside it on the chart.
    assert page.locator("#measure-chart .chart-wide svg [aria-label*='New phase']").count() == 2
    assert_accessible(page)


def test_viewer_sees_aggregates_only(page, live_server, cast):
    cast.collaborative.small_cell_threshold = 2
    cast.collaborative.save()
    objs = make_dash(cast)
    sign_in(page, live_server, "viewer")
    page.goto(f"{live_server.url}/dashboards/")
    assert page.locator("#pooled-chart .chart-wide svg").count() == 1
    assert page.locator("table.summary").count() == 0
    assert page.get_by_text(objs["team_a"].name).count() == 0
    assert_accessible(page)


def test_teacher_reads_days_between_incidents_and_downloads_the_pdf(page, live_server, cast):
    import datetime as dt

    from tests.factories import make_incident, make_incidents_measure

    make_dash(cast)
    measure = make_incidents_measure(cast.collaborative)
    day = cast.collaborative.start_date
    for gap in (3, 9, 4, 12, 6, 80):  # a long quiet spell at the end
        day += dt.timedelta(days=gap)
        make_incident(cast.team_a, cast.teacher, day)
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/dashboards/team/{cast.team_a.pk}/measure/{measure.pk}/")
    page.get_by_label("Chart type").select_option("g")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert page.locator(f"#measure-chart .chart-wide svg {SIGNAL}").count() == 1  # the 79 incident-free days
    page.get_by_text("Data table of this chart").click()
    assert page.locator("details table tbody tr").count() == 5
    assert_accessible(page)
    with page.expect_download() as svg:
        page.get_by_role("link", name="SVG").click()
    assert "<svg" in Path(svg.value.path()).read_text()
    page.get_by_role("link", name=f"Back to {cast.team_a.name}'s dashboard").click()
    page.wait_for_load_state()
    with page.expect_download() as report:
        page.get_by_role("link", name="Download this dashboard as a PDF report").click()
    assert Path(report.value.path()).read_bytes().startswith(b"%PDF-")
    assert report.value.suggested_filename.endswith(".pdf")
