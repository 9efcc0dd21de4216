"""The database away: a 503 "try again" page in the site's layout, translated, that keeps the typed text;
a session that cannot be saved after a committed save does not turn the answer into an error."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from breakthrough.core.middleware import DatabaseUnavailableMiddleware, SessionMiddleware, try_again_response
from breakthrough.pdsa.models import PDSACycle
from tests.factories import make_cycle

pytestmark = pytest.mark.django_db


def test_a_failed_save_answers_503_with_the_typed_text_and_writes_nothing(cast, monkeypatch):
    cycle = make_cycle(cast.team_a, cast.teacher)
    from breakthrough.pdsa import services

    def database_gone(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "cycle_update", database_gone)
    client = Client()
    client.force_login(cast.teacher)
    typed = "We ran the visual schedule every morning <and> it helped"
    url = reverse("pdsa:cycle-update", args=[cycle.pk, "do"])
    response = client.post(url, {"do_observations": typed, "revision": cycle.revision})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Please try again in a moment" in html
    assert "We ran the visual schedule every morning &lt;and&gt; it helped" in html  # kept, escaped
    assert f'name="revision" value="{cycle.revision}"' in html
    assert 'class="site"' in html  # the site's layout
    assert response["Retry-After"] == "30"
    cycle.refresh_from_db()
    assert cycle.do_observations != typed
    assert PDSACycle.objects.count() == 1


def test_the_page_is_rendered_without_a_query_and_in_spanish(django_assert_num_queries):
    request = RequestFactory().post("/reports/1/", {"narrative": "Un mes tranquilo", "password": "secret"})
    request.LANGUAGE_CODE = "es"
    from django.utils import translation

    with translation.override("es"), django_assert_num_queries(0):
        response = try_again_response(request)
    html = response.content.decode()
    assert "Un mes tranquilo" in html
    assert "secret" not in html  # passwords are never echoed
    assert "Vuelva a intentarlo" in html


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda r: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None


def test_a_session_that_cannot_be_saved_leaves_a_committed_answer_alone(monkeypatch):
    from django.http import HttpResponse

    request = RequestFactory().post("/")
    middleware = SessionMiddleware(lambda r: HttpResponse("saved", status=302))
    middleware.process_request(request)
    request.session["x"] = 1  # modified: the middleware will try to save it

    def fails(*args, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr(request.session, "save", fails)
    response = middleware.process_response(request, HttpResponse("saved", status=302))
    assert response.status_code == 302
