"""Journeys in headless Chromium: a teacher marks their attendance; faculty record a learning session's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from breakthrough.events.models import Attendance, Event
from tests.browser_helpers import assert_accessible, sign_in
from tests.events.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_marks_their_own_attendance_at_a_collaborative_call(page, live_server, cast):
    call = make_event(cast.collaborative, title="March collaborative call")
    sign_in(page, live_server, "teacher")
    page.get_by_role("link", name="Events").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="March collaborative call").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("button", name="I attended").click()  # htmx swaps the section in place
    expect(page.locator("#my-attendance")).to_contain_text("Recorded: Attended.")
    assert_accessible(page)
    assert Attendance.objects.get(event=call, user=cast.teacher).status == "present"


def test_faculty_record_attendance_for_a_learning_session(page, live_server, cast):
    session = make_event(cast.collaborative, Event.Kind.LEARNING_SESSION, title="Learning session 1")
    sign_in(page, live_server, "faculty")
    page.goto(f"{live_server.url}/events/{session.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Record attendance for everyone expected").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label(str(cast.teacher)).select_option(label="Attended")
    page.get_by_label(str(cast.director)).select_option(label="Did not attend")
    page.get_by_label(str(cast.family)).select_option(label="Excused")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert "Attendance is saved." in page.content()
    assert_accessible(page)
    recorded = dict(Attendance.objects.filter(event=session).values_list("user__username", "status"))
    assert recorded == {"teacher": "present", "director": "absent", "family": "excused"}
