"""A teacher reports a behavior incident from a phone, in headless Chromium."""

from __future__ import annotations

import pytest

from breakthrough.incidents.models import DemographicCategory, Incident
from tests.browser_helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_teacher_reports_an_incident_on_a_phone(page, live_server, cast):
    DemographicCategory.objects.create(
        collaborative=cast.collaborative, code="race", name="Race", options=["A", "B"]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/study/")
    page.get_by_role("link", name="Report a behavior incident").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.get_by_label("Child code").fill("C-17")
    page.get_by_label("Date").fill("2026-03-02")
    page.get_by_label("Activity").fill("Circle time")
    page.get_by_label("Problem behavior").fill("Hitting")
    page.get_by_label("Race").select_option("B")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the report").click()
    assert "The incident report is saved." in page.content()
    assert page.get_by_label("Child code").input_value() == ""  # a fresh form for the next report
    assert_accessible(page)
    incident = Incident.objects.get()
    assert (incident.team, incident.child_code, incident.demographics) == (cast.team_a, "C-17", {"race": "B"})
