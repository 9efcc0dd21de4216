"""One menu item is current (issue #16: /dashboards/teams/ lit both "Team dashboard" and "Dashboard")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


def test_only_the_longest_matching_link_is_current(client, cast):
    client.force_login(cast.staff)
    assert _current(client.get(reverse("dashboards:teams")).content.decode()) == [reverse("dashboards:teams")]
    assert _current(client.get(reverse("community:directory")).content.decode()) == [
        reverse("community:directory")
    ]
    assert _current(client.get(reverse("dashboards:collaborative")).content.decode()) == [
        reverse("dashboards:collaborative")
    ]


def test_the_menu_folds_into_a_button_that_works_without_javascript(client, cast):
    client.force_login(cast.teacher)
    html = client.get("/").content.decode()
    assert '<details class="menu" id="menu">' in html
    assert re.search(r"<summary>.*Menu</summary>", html)
    assert html.index('<details class="menu"') < html.index('aria-label="Pages"')
