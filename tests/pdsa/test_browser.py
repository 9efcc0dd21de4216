"""Journeys through the PDSA pages in headless Chromium, with axe-core on every page visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from breakthrough.pdsa.models import PDSACycle
from tests.browser_helpers import assert_accessible, sign_in
from tests.factories import make_change_idea, make_cycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _section_saved(response):
    """The answer to a section save: it also refreshes the other sections' revision, so wait for it."""
    return response.request.method == "POST" and "/pdsa/cycles/" in response.url


def _revisions_current(page):
    """Every section's form carries the cycle's saved revision (htmx swaps them in after the answer)."""
    revision = PDSACycle.objects.get(number=1).revision
    page.wait_for_function(
        "rev => [...document.querySelectorAll('input[name$=revision]')].every(i => i.value === String(rev))",
        arg=revision,
    )


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.context.clear_cookies()


def test_teacher_carries_a_pdsa_into_a_second_cycle_and_shares_it(page, live_server, cast):
    idea = make_change_idea(cast.collaborative, name="Visual schedule")
    sign_in(page, live_server, "teacher")

    # From the change framework, start a cycle testing the idea.
    page.goto(f"{live_server.url}/framework/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a cycle testing Visual schedule").click()
    assert_accessible(page)
    expect(page.get_by_label("Change idea")).to_have_value(str(idea.pk))
    page.get_by_label("Objective").fill("Use a picture schedule at arrival")
    page.get_by_label("Prediction").fill("Eight of ten children settle within five minutes")
    page.locator("#id_plan_who").fill("Lead teacher")
    page.get_by_label("Planned start").fill("2026-02-02")
    page.get_by_role("button", name="Start the cycle").click()
    page.wait_for_load_state()
    first = PDSACycle.objects.get()
    assert page.url.endswith(first.get_absolute_url())
    assert_accessible(page)

    # Study before Do: the error is shown beside the field and the text stays.
    study = page.locator("#section-study")
    expect(study.locator(".pdsa-prediction")).to_contain_text("Eight of ten children settle")
    study.get_by_label("Results against the prediction").fill("Seven of ten settled")
    with page.expect_response(_section_saved):
        study.get_by_role("button", name="Save Study").click()
    expect(page.locator("#section-study")).to_contain_text("Record what happened (Do) before you study")
    expect(page.get_by_label("Results against the prediction")).to_have_value("Seven of ten settled")
    expect(page.get_by_label("Results against the prediction")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    # Do, then Study again, then Act = adapt.
    page.get_by_label("What happened").fill("Used it every morning for a week")
    page.get_by_label("Carried out on").fill("2026-02-09")
    with page.expect_response(_section_saved):
        page.get_by_role("button", name="Save Do").click()
    expect(page.locator("#section-do")).to_contain_text("Saved.")
    _revisions_current(page)
    with page.expect_response(_section_saved):
        page.get_by_role("button", name="Save Study").click()
    expect(page.locator("#section-study")).to_contain_text("Saved.")
    _revisions_current(page)
    page.get_by_label("What we learned").fill("Pictures help the younger ones most")
    with page.expect_response(_section_saved):
        page.get_by_role("button", name="Save Study").click()
    expect(page.locator("#section-study")).to_contain_text("Saved.")
    _revisions_current(page)
    page.get_by_label("Adapt").check()
    page.get_by_label("Next step").fill("Add the afternoon routine")
    with page.expect_response(_section_saved):
        page.get_by_role("button", name="Save Act").click()
    expect(page.locator("#section-act")).to_contain_text("Saved.")
    assert_accessible(page)

    # The next cycle in one click, its plan copied.
    page.get_by_role("button", name="Start the next cycle").click()
    page.wait_for_load_state()
    second = PDSACycle.objects.get(number=2)
    assert page.url.endswith(second.get_absolute_url())
    expect(page.get_by_text("Cycle 2 started, its plan copied from cycle 1.")).to_be_visible()
    expect(page.get_by_label("Objective")).to_have_value("Use a picture schedule at arrival")
    prediction = "Eight of ten children settle within five minutes"
    expect(page.locator("#id_plan_prediction")).to_have_value(prediction)
    assert_accessible(page)

    # The ramp shows both cycles; share the first.
    page.get_by_role("link", name="Visual schedule").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Cycle 1").click()
    page.get_by_role("button", name="Share with the collaborative").click()
    expect(page.locator("#share")).to_contain_text("Shared with the collaborative.")
    assert_accessible(page)
    first.refresh_from_db()
    assert first.is_shared

    # The outsider on team B finds it in the library and reads it.
    _sign_out(page)
    sign_in(page, live_server, "outsider")
    page.goto(f"{live_server.url}/pdsa/library/")
    assert_accessible(page)
    page.get_by_label("Search").fill("picture")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_role("link", name="Visual schedule: cycle 1").click()
    page.wait_for_load_state()
    expect(page.locator("#section-study")).to_contain_text("Pictures help the younger ones most")
    assert page.get_by_role("button", name="Save Do").count() == 0
    assert_accessible(page)
    page.get_by_label("Your comment").fill("We will try this too!")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#comments")).to_contain_text("We will try this too!")
    page.goto(f"{live_server.url}/pdsa/teams/{cast.team_a.pk}/storyboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Storyboard of")
    assert page.locator(f'a[href="{first.get_absolute_url()}"]').count() == 1
    assert page.locator(f'a[href="{second.get_absolute_url()}"]').count() == 0  # not shared
    assert_accessible(page)


def test_an_observer_is_refused_the_teams_pdsa_pages(page, live_server, cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    sign_in(page, live_server, "observer")
    for path in ("/pdsa/", cycle.get_absolute_url(), "/pdsa/library/", f"/pdsa/ramps/{cycle.ramp_id}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status in (403, 404), path
    assert page.get_by_role("link", name="PDSA log").count() == 0
