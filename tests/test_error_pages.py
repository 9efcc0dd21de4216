"""403, 404 and 500 pages in the site's layout and the reader's language, with a way home; a favicon."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from breakthrough.core.errors import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_in_the_sites_layout_with_a_way_home(client):
    page = client.get("/no-such-page/")
    html = page.content.decode()
    assert page.status_code == 404
    assert "This page is not here" in html
    assert 'class="brand"' in html  # the site's header, not Django's bare "Not Found"
    assert f'href="{reverse("home")}"' in html
    assert "favicon.svg" in html


def test_a_refused_page_says_whom_to_ask(cast):
    client = Client()
    client.force_login(cast.teacher)
    page = client.get(reverse("audit:audit"))
    html = page.content.decode()
    assert page.status_code == 403
    assert "This page is not open to you" in html
    assert "ask the collaborative's project staff" in html
    assert 'aria-label="Pages"' in html  # the signed-in navigation is there


def test_the_error_pages_speak_spanish(cast):
    client = Client(headers={"accept-language": "es"})
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert "This page is not here" not in page.content.decode()
    assert 'lang="es"' in page.content.decode()


def test_a_server_error_page_needs_no_database_and_offers_the_way_home():
    request = RequestFactory().get("/")
    with translation.override("en"):
        try:
            raise RuntimeError("a bug")
        except RuntimeError:
            page = server_error(request)
    html = page.content.decode()
    assert page.status_code == 500
    assert "Something went wrong on our side" in html
    assert 'href="/"' in html
