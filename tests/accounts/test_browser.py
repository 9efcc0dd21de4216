"""Two-factor sign-in end to end in real headless Chromium: staff set it up, sign out, sign in with a code."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.test_signin import current_code, later
from tests.browser_helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_staff_set_up_two_factor_and_sign_in_with_it(page, live_server, cast):
    sign_in(page, live_server, "staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    assert_accessible(page)
    secret = page.locator("#secret").inner_text()
    assert len(secret.replace(" ", "")) == 32  # 160 bits, base32
    device = TOTPDevice.objects.get(user=cast.staff, confirmed=False)
    page.get_by_label("The six-digit code the app shows now").fill(current_code(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert page.locator(".codes li").count() == 10
    page.get_by_role("link", name="I have saved them, go on").click()
    page.get_by_role("button", name="Sign out").first.click()

    sign_in(page, live_server, "staff")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    assert_accessible(page)
    with later(31):  # the app's next code: each code signs in once
        device.refresh_from_db()
        page.get_by_label("Code", exact=True).fill(current_code(device))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    assert page.url.rstrip("/") == live_server.url
    page.goto(f"{live_server.url}/accounts/profile/")
    expect(page.get_by_text("On: after your password")).to_be_visible()
    assert_accessible(page)
