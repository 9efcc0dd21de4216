"""A person downloads what the platform holds about them, from their account page (JSON, no secrets)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_cycle

pytestmark = pytest.mark.django_db


def test_the_download_holds_their_account_roles_and_writing_and_no_secret(cast):
    cycle = make_cycle(cast.team_a, cast.teacher, objective="Calm mornings with a visual schedule")
    client = Client()
    client.force_login(cast.teacher)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:personal-data") in page
    response = client.get(reverse("accounts:personal-data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    held = json.loads(response.content)
    assert held["account"]["username"] == "teacher"
    assert held["account"]["email"] == cast.teacher.email
    assert "password" not in held["account"]
    roles = held["collaboratives.membership"]["user"]
    assert [(r["role"], r["team_id"]) for r in roles] == [("teacher", cast.team_a.pk)]
    cycles = held["pdsa.pdsacycle"]["created_by"]
    assert [c["objective"] for c in cycles] == ["Calm mornings with a visual schedule"]
    assert cycle.pk == cycles[0]["id"]
    text = response.content.decode()
    assert cast.director.email not in text  # nobody else's account
    assert "pbkdf2" not in text
    assert "md5$" not in text


def test_it_holds_nothing_of_another_person(cast):
    make_cycle(cast.team_a, cast.director, objective="The director's own plan")
    client = Client()
    client.force_login(cast.teacher)
    assert "The director's own plan" not in client.get(reverse("accounts:personal-data")).content.decode()


def test_signed_out_gets_the_sign_in_page():
    response = Client().get(reverse("accounts:personal-data"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
