"""Study journeys in headless Chromium: an evaluator sets up a wave, a parent answers by link in Spanish on a
phone, an observer scores a classroom blind."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from breakthrough.study.models import Observation, Response, Wave
from tests.browser_helpers import assert_accessible, sign_in
from tests.study.helpers import ensure_shipped, make_study

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_evaluator_sets_up_a_wave(page, live_server, cast):
    ensure_shipped()
    sign_in(page, live_server, "evaluator")
    page.goto(f"{live_server.url}/study/")
    assert_accessible(page)
    page.get_by_role("link", name="Set up a wave").click()
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_label("Instrument").select_option(label="Self-efficacy for improvement (illustrative)")
    page.locator("#id_name_en").fill("Self-efficacy: early")
    page.get_by_label("Kind").select_option("early")
    page.get_by_label("Opens").fill(today.isoformat())
    page.get_by_label("Closes").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Collaborative team members").check()
    page.get_by_label("Families").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the wave").click()
    assert "cannot close before it opens" in page.content()
    assert page.locator("#id_name_en").input_value() == "Self-efficacy: early"  # nothing typed is lost
    assert_accessible(page)
    page.get_by_label("Closes").fill((today + dt.timedelta(days=21)).isoformat())
    with page.expect_navigation(url=re.compile(r"/study/waves/\d+/$")):
        page.get_by_role("button", name="Save the wave").click()
    wave = Wave.objects.get(name="Self-efficacy: early")
    assert set(wave.groups.values_list("kind", flat=True)) == {"team", "families"}
    assert_accessible(page)
    page.get_by_label("Program").select_option(index=1)
    page.get_by_label("Role").select_option("family")
    page.get_by_label("Language of the survey").select_option("es")
    page.get_by_label("Study codes, one per line").fill("FAM-001\nFAM-002")
    with page.expect_navigation():
        page.get_by_role("button", name="Make links").click()
    expect(page.locator("code")).to_have_count(2)
    assert_accessible(page)


def test_a_parent_answers_by_link_in_spanish_on_a_phone(page, live_server, cast):
    study = make_study(cast)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/study/s/{study['token']}/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_text("Si cometo un error aquí").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "study-answer-phone.png"), full_page=False)
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("De acuerdo", exact=True).check()
    with page.expect_navigation():
        page.locator("form.study-form button[type=submit]").click()
    assert_accessible(page)
    response = Response.objects.get(link=study["link"])
    assert response.language == "es"
    assert response.answers.count() == 7
    page.goto(f"{live_server.url}/study/s/{study['token']}/")  # a link works once
    assert Response.objects.count() == 1
    assert page.locator("form.study-form").count() == 0
    assert_accessible(page)


def test_an_observer_scores_a_classroom_blind(page, live_server, cast):
    study = make_study(cast)
    sign_in(page, live_server, "observer")
    page.goto(f"{live_server.url}/study/")
    assert_accessible(page)
    page.get_by_role("link", name=study["classroom"].code).click()
    page.wait_for_url("**/study/observations/*/")
    html = page.content()
    assert "12 Elm Street" in html
    for word in ("articipat", "Sunflower room", cast.team_a.name, "Spread"):
        assert word not in html
    assert_accessible(page)
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("2", exact=True).check()  # scores only: no item text
    with page.expect_navigation():
        page.get_by_role("button", name="Submit scores").click()
    assert_accessible(page)
    observation = Observation.objects.get(pk=study["observation"].pk)
    assert observation.status == "submitted"
    assert observation.scores.count() == 4
    assert page.get_by_role("button", name="Submit scores").count() == 0


def test_evaluator_codes_a_passage_by_selecting_it(page, live_server, cast):
    study = make_study(cast)
    interview = study["interview"]
    interview.text = "First we were careful.\nThen we felt safe to try — and we tried again."
    interview.save()
    sign_in(page, live_server, "evaluator")
    page.goto(f"{live_server.url}/study/interviews/{interview.pk}/")
    # Select "felt safe to try" in the transcript as a person would (a range, then the mouse released).
    page.evaluate(
        """() => {
        const node = document.getElementById('transcript').firstChild;
        const at = node.textContent.indexOf('felt safe to try');
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'felt safe to try'.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        document.getElementById('transcript').dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }"""
    )
    expect(page.get_by_label("Excerpt (select it in the transcript, or paste it)")).to_have_value(
        "felt safe to try"
    )
    assert page.locator("#excerpt-start").input_value() == str(interview.text.index("felt safe to try"))
    page.get_by_label("Safety").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Code this excerpt").click()
    expect(page.locator("#transcript mark")).to_have_text("felt safe to try")
    excerpt = interview.excerpts.get()
    assert (excerpt.text, excerpt.start) == ("felt safe to try", interview.text.index("felt safe to try"))
    assert_accessible(page)
