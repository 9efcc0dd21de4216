"""A first journey in real headless Chromium: sign in, see one's own team, switch to Spanish."""

from __future__ import annotations

import pytest

from tests.browser_helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_signs_in_and_sees_their_team(page, live_server, cast):
    sign_in(page, live_server, "teacher")
    page.wait_for_url(f"{live_server.url}/")
    assert cast.team_a.name in page.content()
    assert cast.team_b.name not in page.content()
    header = page.locator("header.site")
    assert header.evaluate("el => getComputedStyle(el).display") == "flex"  # the stylesheet is served
    assert page.evaluate("typeof htmx") == "object"  # and so is the vendored htmx
    assert_accessible(page)


def test_wrong_password_keeps_the_username(page, live_server, cast):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_label("Username").input_value() == "teacher"
    assert page.url.endswith("/accounts/login/")
