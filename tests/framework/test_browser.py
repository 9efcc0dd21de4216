"""Staff edit the change framework; a teacher reads the diagram on a phone. axe-core on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from breakthrough.framework.models import ChangeIdea
from tests.browser_helpers import assert_accessible, sign_in
from tests.factories import make_change_idea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_add_reorder_and_archive_a_change_idea(page, live_server, cast):
    idea = make_change_idea(cast.collaborative, name="Visual schedule")
    sign_in(page, live_server, "staff")
    page.goto(f"{live_server.url}/framework/")
    assert_accessible(page)
    page.get_by_role("link", name="Edit the framework").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a change idea under Routines").click()
    assert_accessible(page)
    page.get_by_label("Name in English").fill("Transition songs")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(page.locator(".fw-idea").nth(1)).to_contain_text("Transition songs")
    page.get_by_role("button", name="Move up Transition songs").click()
    page.wait_for_load_state()
    expect(page.locator(".fw-idea").first).to_contain_text("Transition songs")
    page.get_by_role("button", name="Archive Visual schedule").click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Restore Visual schedule")).to_be_visible()
    assert_accessible(page)
    idea.refresh_from_db()
    assert idea.is_archived
    assert ChangeIdea.objects.get(name="Transition songs").order == 0


def test_teacher_reads_the_diagram_on_a_phone(page, live_server, cast):
    make_change_idea(cast.collaborative, name="Visual schedule")
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server, "teacher")
    page.goto(f"{live_server.url}/framework/")
    expect(page.locator(".fw-idea")).to_contain_text("0 PDSA cycles, 0 adopted")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
