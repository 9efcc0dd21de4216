"""Journeys in headless Chromium: a teacher posts with an @mention, a teacher of another team replies (a
cross-team reply), staff hide a post; faculty upload a resource that a family member reads in Spanish; a
director records a change in use and sees it on the spread view. Each page is checked with axe-core and at
phone and desktop widths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from breakthrough.collaboratives.models import Classroom
from breakthrough.community.models import Mention, Post
from breakthrough.community.selectors import cross_team_replies
from breakthrough.library.models import Resource
from breakthrough.spread.models import ChangeInUse
from tests.browser_helpers import assert_accessible, sign_in
from tests.community.helpers import PDF, adopted_ramp
from tests.factories import make_classroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("BREAKTHROUGH_SHOTS", "/tmp/breakthrough-shots"))


def check(page, name: str) -> None:
    """axe-clean, and nothing wider than a phone's screen at 390 px (tables scroll inside their box)."""
    assert_accessible(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    page.set_viewport_size({"width": 1280, "height": 900})


def switch(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, username)


def test_a_mention_a_cross_team_reply_and_a_post_hidden_by_staff(page, live_server, cast):
    sign_in(page, live_server, "teacher")
    page.get_by_role("link", name="Community", exact=True).click()
    page.wait_for_load_state()
    check(page, "community-home")
    page.get_by_role("link", name="Teachers").click()
    page.wait_for_load_state()
    check(page, "community-space")
    page.get_by_label("Title").fill("Morning check-ins")
    page.get_by_label("Message").fill("@outsider how do you run your feelings check-in?")
    page.get_by_role("button", name="Post", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text("how do you run your feelings check-in?")).to_be_visible()
    assert Mention.objects.get().user == cast.outsider

    switch(page, live_server, "outsider")
    page.get_by_role("link", name="Community", exact=True).click()
    page.get_by_role("link", name="Morning check-ins").click()
    page.wait_for_load_state()
    page.get_by_label("Your reply").fill("We use a feelings chart at circle time.")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()
    expect(page.get_by_text("We use a feelings chart at circle time.")).to_be_visible()
    check(page, "community-thread")
    start, end = cast.collaborative.start_date, cast.collaborative.end_date
    rows = cross_team_replies(cast.collaborative, start, max(end, start.replace(year=start.year + 5)))
    assert [(r.from_team_id, r.to_team_id, r.replies) for r in rows] == [(cast.team_b.pk, cast.team_a.pk, 1)]

    switch(page, live_server, "staff")
    reply = Post.objects.get(is_opener=False)
    page.goto(f"{live_server.url}/community/threads/{reply.thread_id}/")
    post = page.locator(f"#post-{reply.pk}")
    post.get_by_text("Hide this post").click()
    post.get_by_label("Reason for hiding").fill("Names a product for sale")
    post.get_by_role("button", name="Hide", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text("hidden by staff: Names a product for sale")).to_be_visible()
    check(page, "community-thread-staff")

    switch(page, live_server, "teacher")
    page.goto(f"{live_server.url}/community/threads/{reply.thread_id}/")
    expect(page.get_by_text("We use a feelings chart")).to_have_count(0)

    switch(page, live_server, "evaluator")
    page.get_by_role("link", name="Community", exact=True).click()
    page.get_by_role("link", name="Replies between teams by month").click()
    page.wait_for_load_state()
    expect(page.get_by_text("0 replies between teams from")).to_be_visible()  # the one reply is hidden now
    check(page, "community-exchanges")
    page.get_by_role("link", name="Directory").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=cast.team_a.name)).to_be_visible()
    check(page, "community-directory")


def test_faculty_upload_a_resource_and_a_family_member_reads_it_in_spanish(page, live_server, cast, tmp_path):
    cast.family.preferred_language = "es"
    cast.family.save()
    handout = tmp_path / "feelings-chart.pdf"
    handout.write_bytes(PDF)
    sign_in(page, live_server, "faculty")
    page.get_by_role("link", name="Resources").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Add a resource").click()
    page.wait_for_load_state()
    check(page, "library-form")
    page.get_by_label("Title in English").fill("Feelings chart")
    page.get_by_label("Title in Spanish").fill("Tabla de sentimientos")
    page.get_by_label("Description in Spanish").fill("Para usar en el círculo de la mañana.")
    page.locator("input[type=file]").set_input_files(str(handout))
    page.get_by_role("button", name="Add to the library").click()
    page.wait_for_load_state()
    expect(page.get_by_text("The resource is in the library.")).to_be_visible()
    resource = Resource.objects.get()
    assert resource.current_version().original_name == "feelings-chart.pdf"

    switch(page, live_server, "family")
    page.get_by_role("link", name="Recursos").click()
    page.wait_for_load_state()
    check(page, "library-home-es")
    page.get_by_role("link", name="Tabla de sentimientos").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Para usar en el círculo de la mañana.")).to_be_visible()
    check(page, "library-resource-es")
    with page.expect_download() as download:
        page.get_by_role("link", name="feelings-chart.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF


def test_a_director_records_a_change_in_use_and_sees_it_on_the_spread_view(page, live_server, cast):
    ramp = adopted_ramp(cast.team_a, cast.teacher, title="Feelings check-in")
    make_classroom(
        cast.team_a.program, name="Butterflies", participation=Classroom.Participation.PARTICIPATING
    )
    ladybugs = make_classroom(
        cast.team_a.program, name="Ladybugs", participation=Classroom.Participation.SPREAD
    )
    sign_in(page, live_server, "director")
    page.get_by_role("link", name="Spread").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Record what is in use this month").click()
    page.wait_for_load_state()
    check(page, "spread-record")
    page.get_by_role("checkbox", name="Ladybugs").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(page.get_by_text("What is in use is saved.")).to_be_visible()
    expect(page.locator("td.in-use")).to_have_count(1)
    check(page, "spread-home")
    row = ChangeInUse.objects.get()
    assert (row.ramp, row.classroom, row.in_use) == (ramp, ladybugs, True)
