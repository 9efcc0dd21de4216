"""Journeys in headless Chromium: staff invite a family member, who joins before having an account."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from breakthrough.collaboratives.models import Membership, Role
from tests.browser_helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_invite_a_family_member_who_creates_an_account(page, live_server, cast):
    sign_in(page, live_server, "staff")
    page.get_by_role("link", name="Set-up").click()
    assert_accessible(page)
    page.get_by_role("link", name=cast.collaborative.name).click()
    page.wait_for_load_state()
    assert_accessible(page)

    invitations = page.locator("section#invitations")
    invitations.get_by_label("Email address").fill("rosa@example.org")
    invitations.get_by_label("Role").select_option(label="Family member")
    invitations.get_by_label("Team").select_option(label=cast.team_a.name)
    invitations.get_by_label("Language of the email").select_option(label="Spanish")
    invitations.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()
    assert "The invitation is sent." in page.content()
    assert page.locator("section#invitations table").get_by_text("rosa@example.org").is_visible()
    assert_accessible(page)

    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    link = re.search(r"http://\S+/collaboratives/invitations/\S+/", message.body).group(0)

    page.context.clear_cookies()  # the invitee opens the email on their own device, signed out
    page.goto(link)
    assert "/invitations/accept/" in page.url  # the token is not left in the address bar
    assert_accessible(page)
    page.locator("#id_username").fill("rosa")
    page.locator("#id_first_name").fill("Rosa")
    page.locator("#id_last_name").fill("Díaz")
    page.locator("#id_password").fill("short")
    page.locator("#id_password2").fill("short")
    # The invitation was sent in Spanish: the sign-up page opens in Spanish.
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("button", name="Crear cuenta y unirme").click()
    page.wait_for_load_state()
    assert page.locator("#id_password2").get_attribute("aria-invalid") == "true" or "corta" in page.content()
    assert page.locator("#id_first_name").input_value() == "Rosa"  # nothing typed is lost
    assert_accessible(page)
    page.locator("#id_password").fill("a-long-garden-path-42")
    page.locator("#id_password2").fill("a-long-garden-path-42")
    page.get_by_role("button", name="Crear cuenta y unirme").click()
    page.wait_for_url(f"{live_server.url}/")
    assert cast.team_a.name in page.content()
    assert "Rosa" in page.content()
    assert_accessible(page)
    membership = Membership.objects.get(user__username="rosa")
    assert (membership.role, membership.team_id) == (Role.FAMILY_MEMBER, cast.team_a.pk)

    again = page.goto(link)  # a link works once
    assert again is not None
    assert again.status == 404
    assert 'class="brand"' in page.content()  # the site's own 404 page, in the invitee's language


def test_forgot_password_link_leads_to_the_reset_form(page, live_server, cast):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Email").fill("teacher@example.org")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_load_state()
    assert "Check your email" in page.content()
    assert_accessible(page)
    assert len(mail.outbox) == 1
