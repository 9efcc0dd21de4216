"""The collaborative dashboard's filters walked with bad and empty values: a 400 naming the field, in the
page's layout, never a 500; empty and valid combinations are pages (200)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dashboards.conftest import make_dash

PAGES = ["dashboards:collaborative", "dashboards:summary", "dashboards:collaborative-report"]

BAD = [
    ({"driver": "99999999999999999999"}, "Primary driver"),
    ({"driver": "abc"}, "Primary driver"),
    ({"from": "abc"}, "From"),
    ({"from": "2026-13"}, "From"),
    ({"to": "2026-02-30"}, "To"),
    ({"from": "2026-06", "to": "2026-03"}, "To"),  # "From" after "To"
    ({"page": "0"}, "Page"),
    ({"page": "abc"}, "Page"),
    ({"page": "99999999999999999999999"}, "Page"),
    ({"program": "castle"}, "Program type"),
    ({"measure": "abc"}, "Measure across teams"),
    ({"measure": "99999999999999999999"}, "Measure across teams"),
    ({"collaborative": "abc"}, "Collaborative"),
    ({"sort": "nonsense"}, "Sort by"),
]


@pytest.fixture
def page_user(client, cast):
    make_dash(cast)
    client.force_login(cast.staff)
    return client


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    ("params", "field"), BAD, ids=[" ".join(f"{k}={v}" for k, v in p.items()) for p, _ in BAD]
)
def test_a_bad_filter_is_a_400_naming_the_field(page_user, name, params, field):
    response = page_user.get(reverse(name), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"<strong>{field}</strong>" in html
    assert 'role="alert"' in html
    assert "<h1>" in html  # rendered in the page's layout
    assert "</html>" in html
    assert response["Content-Type"].startswith("text/html")


EMPTY = [
    {},
    {"from": "", "to": "", "driver": "", "measure": "", "program": "", "page": "", "sort": ""},
    {"from": "2030-01"},  # after the last month: no months
    {"to": "2020-01"},  # before the first month
    {"from": "2026-03", "to": "2026-03"},  # one month
    {"from": "2026-03"},
    {"to": "2026-03"},
    {"program": "family_child_care"},  # no teams of that kind
    {"page": "999"},  # past the last page: the last page
]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    "params", EMPTY, ids=[" ".join(f"{k}={v}" for k, v in p.items()) or "none" for p in EMPTY]
)
def test_empty_and_valid_filters_are_pages(page_user, name, params):
    assert page_user.get(reverse(name), params).status_code == 200


def test_no_months_says_so(page_user):
    response = page_user.get(reverse("dashboards:collaborative"), {"from": "2030-01"})
    assert response.status_code == 200
    assert len(response.context["panel"].months) == 0
    assert "No measures or months to show." in response.content.decode()


def test_a_real_driver_and_measure_filter(client, cast):
    dash = make_dash(cast)
    client.force_login(cast.staff)
    measure = dash["measure"]
    response = client.get(reverse("dashboards:collaborative"), {"measure": measure.pk, "sort": measure.code})
    assert response.status_code == 200
    assert response.context["filters"].measure == measure.pk


def test_viewers_get_the_same_answers(client, cast):
    make_dash(cast)
    client.force_login(cast.viewer)
    assert client.get(reverse("dashboards:collaborative"), {"from": "x"}).status_code == 400
    assert client.get(reverse("dashboards:collaborative"), {"from": "2030-01"}).status_code == 200
