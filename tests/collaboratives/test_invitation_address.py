"""An invitation is accepted only by the account of the invited address (a signed-in observer holding a
staff invitation's link gains nothing)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from breakthrough.collaboratives.models import Invitation, Membership, Role
from breakthrough.collaboratives.services import invitation_accept, invitation_for_token
from breakthrough.collaboratives.views import ACCEPT_URL_TOKEN
from tests.collaboratives.conftest import make_invitation

pytestmark = pytest.mark.django_db


def test_a_signed_in_observer_cannot_take_a_staff_invitation(cast):
    _inv, token = make_invitation(cast, "new.director@example.org", role=Role.PROJECT_STAFF, team=None)
    client = Client()
    client.force_login(cast.observer)
    client.get(reverse("collaboratives:invitation-accept", args=[token]))
    page = client.post(reverse("collaboratives:invitation-accept", args=[ACCEPT_URL_TOKEN]), follow=True)
    assert "sent to another email address" in page.content.decode()
    assert not Membership.objects.filter(user=cast.observer, role=Role.PROJECT_STAFF).exists()
    assert invitation_for_token(token) is not None  # still there for the person it was sent to
    assert Invitation.objects.get().accepted_by is None


def test_the_invited_address_is_matched_without_regard_to_letter_case(cast):
    cast.viewer.email = "Funder.One@Example.org"
    cast.viewer.save()
    _inv, token = make_invitation(cast, "funder.one@example.ORG", role=Role.EVALUATOR, team=None)
    membership = invitation_accept(token=token, user=cast.viewer)
    assert membership.role == Role.EVALUATOR


def test_an_account_without_an_email_cannot_accept(cast):
    cast.stranger.email = ""
    cast.stranger.save()
    _inv, token = make_invitation(cast, "someone@example.org")
    with pytest.raises(ValidationError) as err:
        invitation_accept(token=token, user=cast.stranger)
    assert err.value.code == "wrong_address"
