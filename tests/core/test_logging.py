"""Request logs carry no live token and no traceback for a 403/404 (settings.LOGGING, core/logfilters.py)."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from breakthrough.core.logfilters import redact
from tests.collaboratives.conftest import make_invitation

pytestmark = pytest.mark.django_db


def _texts(caplog):
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    return [handler.format(record) for record in caplog.records]


def test_an_invitation_link_and_a_404_leave_no_token_and_no_traceback(cast, caplog):
    _invitation, token = make_invitation(cast)
    client = Client()
    with caplog.at_level(logging.INFO):
        client.get(reverse("collaboratives:invitation-accept", args=[token]), follow=True)
        client.get(reverse("collaboratives:invitation-accept", args=["made-up-token-4711"]))
        client.get("/study/s/another-secret-99/")
        client.get("/no/such/page/?email=someone@example.org")
        signed_in = Client()
        signed_in.force_login(cast.teacher)
        signed_in.get(reverse("collaboratives:setup-detail", args=[cast.collaborative.pk]))  # a 403
    statuses = {getattr(r, "status_code", None) for r in caplog.records}
    assert {403, 404} <= statuses  # the refusals are still logged, as one line each
    texts = "\n".join(_texts(caplog))
    for secret in (token, "made-up-token-4711", "another-secret-99", "someone@example.org"):
        assert secret not in texts
    assert "Traceback" not in texts
    assert all(r.exc_info is None for r in caplog.records if getattr(r, "status_code", 500) < 500)
    assert "/invitations/[redacted]/" in texts


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/accounts/reset/MQ/c4x-9f8e7d/", "/accounts/reset/[redacted]/"),
        ("/notifications/unsubscribe/abc:def/", "/notifications/unsubscribe/[redacted]/"),
        ("/reports/?team=3", "/reports/?[redacted]"),
        ("/pdsa/cycles/12/", "/pdsa/cycles/12/"),
    ],
)
def test_secret_parts_of_urls_are_redacted(path, shown):
    assert redact(f"Not Found: {path}") == f"Not Found: {shown}"
