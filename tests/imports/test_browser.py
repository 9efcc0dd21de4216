"""The Excel round trip in real headless Chromium: download the team's template, fill two months with
openpyxl, upload, preview, apply; the values show in the report and on the team's chart page. A broken file
gets row-and-column errors and changes nothing. Pages checked with axe-core."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from breakthrough.measures.models import MeasureValue, MonthlyReport
from tests.browser_helpers import assert_accessible, sign_in
from tests.factories import make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(path, rows):
    book = load_workbook(path)
    sheet = book["data"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for column, value in rows.get(row[0].value, {}).items():
            row[header.index(column)].value = value
    book.save(path)


def test_a_teacher_fills_two_months_offline_and_imports_them(page, live_server, cast, tmp_path):
    checkin = make_measure(cast.collaborative, code="checkin", name="Daily feelings check-in")
    make_measure(cast.collaborative, unit="count", code="calls", name="Family calls")
    first, second = cast.collaborative.reporting_months()[:2]
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/imports/teams/{cast.team_a.pk}/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the team's template").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(template.read_bytes())
    fill(broken, {f"{first:%Y-%m}": {"checkin.numerator": "lots", "checkin.denominator": 20, "calls": 1.5}})
    page.get_by_label("File (.xlsx or .csv)").set_input_files(broken)
    page.get_by_role("button", name="Preview").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "broken.xlsx, row 2, column “checkin.numerator”: Expected a number, not “lots”."
    )
    expect(alert).to_contain_text("broken.xlsx, row 2, column “calls”: A count is a whole number.")
    expect(page.get_by_role("button", name="Apply")).to_have_count(0)
    assert_accessible(page)
    assert not MeasureValue.objects.exists()

    fill(
        template,
        {
            f"{first:%Y-%m}": {"checkin.numerator": 12, "checkin.denominator": 20, "calls": 3},
            f"{second:%Y-%m}": {"checkin.numerator": 15, "checkin.denominator": 20, "calls": 4},
        },
    )
    page.goto(f"{live_server.url}/imports/teams/{cast.team_a.pk}/")
    page.get_by_label("File (.xlsx or .csv)").set_input_files(template)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Will be created: 2")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status")).to_contain_text("The file was imported.")

    report = MonthlyReport.objects.get(team=cast.team_a, period__month=first)
    assert report.status == MonthlyReport.Status.DRAFT
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    expect(page.locator("#f-checkin-numerator")).to_have_value("12")
    expect(page.locator("#f-checkin-denominator")).to_have_value("20")
    expect(page.locator("#f-calls-value")).to_have_value("3")
    page.goto(f"{live_server.url}/dashboards/team/{cast.team_a.pk}/measure/{checkin.pk}/")
    page.get_by_text("Data table of this chart").click()
    rows = page.locator('details:has(summary:text("Data table of this chart")) table tbody tr')
    expect(rows.filter(has_text=f"{first:%B %Y}")).to_contain_text("60")  # 12 of 20, plotted as percent
    expect(rows.filter(has_text=f"{second:%B %Y}")).to_contain_text("75")  # 15 of 20
