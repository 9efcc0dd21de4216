"""A shared cycle's page links only to cycles its reader may open (the next, unshared one stays hidden)."""

from __future__ import annotations

from django.urls import reverse

from breakthrough.pdsa.services import cycle_next, cycle_share, cycle_update
from tests.factories import make_cycle
from tests.pdsa.conftest import login


def _shared_cycle_with_unshared_next(cast):
    first = make_cycle(cast.team_a, cast.teacher)
    first = cycle_update(
        cycle=first, by=cast.teacher, do_observations="ok", study_learning="Mornings work", decision="adapt"
    )
    cycle_share(cycle=first, by=cast.teacher)
    second = cycle_next(cycle=first, by=cast.teacher)
    return first, second


def test_another_team_reading_a_shared_cycle_gets_no_link_to_the_unshared_next(client, cast):
    first, second = _shared_cycle_with_unshared_next(cast)
    page = login(client, cast.outsider).get(reverse("pdsa:cycle-detail", args=[first.pk]))
    assert page.status_code == 200
    assert second.get_absolute_url() not in page.text
    assert "Go to cycle 2" not in page.text


def test_the_team_itself_still_gets_the_link(client, cast):
    first, second = _shared_cycle_with_unshared_next(cast)
    page = login(client, cast.teacher).get(reverse("pdsa:cycle-detail", args=[first.pk]))
    assert second.get_absolute_url() in page.text


def test_once_the_next_is_shared_other_teams_get_the_link_too(client, cast):
    first, second = _shared_cycle_with_unshared_next(cast)
    cycle_share(cycle=second, by=cast.teacher)
    page = login(client, cast.outsider).get(reverse("pdsa:cycle-detail", args=[first.pk]))
    assert second.get_absolute_url() in page.text
