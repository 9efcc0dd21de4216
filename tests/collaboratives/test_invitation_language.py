"""An invitation sent in Spanish opens a Spanish sign-up page, and the welcome is in Spanish."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from breakthrough.core.models import User
from tests.collaboratives.conftest import make_invitation

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-Passphrase-42"
ACCEPT = reverse("collaboratives:invitation-accept", args=["accept"])


def test_an_invitation_in_spanish_opens_a_spanish_sign_up_page_and_welcomes_in_spanish(client, cast):
    _invitation, token = make_invitation(cast, language="es")
    client.get(reverse("collaboratives:invitation-accept", args=[token]))
    page = client.get(ACCEPT, headers={"accept-language": "en"}).content.decode()  # an English browser
    assert '<html lang="es">' in page
    assert "Create your account" not in page
    assert "Crear la cuenta y unirse" in page or "Crear cuenta" in page
    response = client.post(
        ACCEPT,
        {
            "username": "abuela",
            "first_name": "Rosa",
            "last_name": "Díaz",
            "password": PASSWORD,
            "password2": PASSWORD,
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    welcome = [str(m) for m in get_messages(response.wsgi_request)]
    assert welcome == [f"¡Te damos la bienvenida! Ya formas parte de {cast.collaborative}."]
    assert User.objects.get(username="abuela").preferred_language == "es"
    home = client.get(reverse("home"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="es">' in home


def test_an_invitation_in_english_stays_english(client, cast):
    _invitation, token = make_invitation(cast, language="en")
    client.get(reverse("collaboratives:invitation-accept", args=[token]))
    page = client.get(ACCEPT, headers={"accept-language": "es"}).content.decode()
    assert '<html lang="en">' in page


def test_a_language_the_visitor_chose_wins_over_the_invitations(client, cast):
    _invitation, token = make_invitation(cast, language="es")
    client.get(reverse("collaboratives:invitation-accept", args=[token]))
    client.cookies["django_language"] = "en"
    page = client.get(ACCEPT).content.decode()
    assert '<html lang="en">' in page
