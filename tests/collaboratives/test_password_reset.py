"""The password reset pages (templates in templates/registration/): email to the console by default."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse


def test_login_page_links_to_password_reset(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_reset_by_email_end_to_end(client, cast):
    response = client.post(reverse("password_reset"), {"email": "teacher@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert "Check your email" in client.get(response["Location"]).content.decode()
    message = mail.outbox[0]
    assert message.subject == "Choose a new password for Breakthrough"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    url = form_page.redirect_chain[-1][0]
    weak = client.post(url, {"new_password1": "short", "new_password2": "short"}).content.decode()
    assert "too short" in weak
    good = "another-long-garden-path-7"
    done = client.post(url, {"new_password1": good, "new_password2": good})
    assert done["Location"] == reverse("password_reset_complete")
    assert "Your new password is saved" in client.get(done["Location"]).content.decode()
    cast.teacher.refresh_from_db()
    assert cast.teacher.check_password(good)
    assert "no longer valid" in client.get(link, follow=True).content.decode()


def test_unknown_email_gives_the_same_answer_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
