from __future__ import annotations

import pytest
from django.urls import reverse

from breakthrough.framework.models import Aim, ChangeIdea, PrimaryDriver, SecondaryDriver
from breakthrough.framework.services import framework_item_archive
from breakthrough.pdsa.services import cycle_update
from tests.factories import make_change_idea, make_cycle

DIAGRAM = reverse("framework:diagram")


@pytest.fixture
def idea(cast):
    Aim.objects.create(collaborative=cast.collaborative, statement="Every child feels safe and welcome")
    return make_change_idea(cast.collaborative, name="Visual schedule")


@pytest.fixture
def tested(cast, idea):
    """Team A adopted the idea after one cycle; team B adapted it and is in its second cycle."""
    cycle = make_cycle(cast.team_a, cast.teacher, change_idea=idea)
    cycle_update(cycle=cycle, by=cast.teacher, do_observations="ok", study_results="ok", decision="adopt")
    first_b = make_cycle(cast.team_b, cast.outsider, change_idea=idea)
    cycle_update(cycle=first_b, by=cast.outsider, do_observations="ok", study_results="ok", decision="adapt")
    make_cycle(cast.team_b, cast.outsider, change_idea=idea)
    return idea


def _counts_text(page):
    start = page.index("Visual schedule")
    return page[start : start + 1500]


def test_the_diagram_draws_aim_drivers_and_ideas_as_nested_lists(client, cast, idea):
    client.force_login(cast.teacher)
    page = client.get(DIAGRAM).text
    for text in ("Every child feels safe and welcome", "Relationships", "Routines", "Visual schedule"):
        assert text in page
    assert page.index("Relationships") < page.index("Routines") < page.index("Visual schedule")
    assert '<ol class="fw-tree"' in page
    assert f"?idea={idea.pk}" in page  # start a cycle from the idea


def test_team_member_sees_their_teams_and_the_collaboratives_numbers(client, cast, tested):
    client.force_login(cast.teacher)
    text = _counts_text(client.get(DIAGRAM).text)
    assert "Your team: 1 PDSA cycle, 1 adopted" in text
    assert "All teams: 3 PDSA cycles, 1 adopted" in text


def test_viewer_sees_collaborative_totals_only(client, cast, tested):
    client.force_login(cast.viewer)
    page = client.get(DIAGRAM).text
    assert "All teams: 3 PDSA cycles, 1 adopted" in _counts_text(page)
    assert cast.team_a.name not in page
    assert cast.team_b.name not in page
    assert "Start a cycle" not in page


def test_faculty_pick_a_team(client, cast, tested):
    client.force_login(cast.faculty)
    assert cast.team_b.name not in _counts_text(client.get(DIAGRAM).text)
    text = _counts_text(client.get(DIAGRAM, {"team": cast.team_b.pk}).text)
    assert f"{cast.team_b.name}: 2 PDSA cycles, 0 adopted" in text


def test_team_member_cannot_pick_another_team(client, cast, idea):
    client.force_login(cast.teacher)
    assert client.get(DIAGRAM, {"team": cast.team_b.pk}).status_code == 404


def test_archived_items_and_other_teams_ideas_are_left_out(client, cast, idea):
    ChangeIdea.objects.create(secondary=idea.secondary, name="Team B own idea", team=cast.team_b)
    old = ChangeIdea.objects.create(secondary=idea.secondary, name="Retired idea")
    framework_item_archive(obj=old, by=cast.staff)
    client.force_login(cast.teacher)
    page = client.get(DIAGRAM).text
    assert "Retired idea" not in page
    assert "Team B own idea" not in page
    client.force_login(cast.outsider)
    assert "Team B own idea" in client.get(DIAGRAM).text


@pytest.mark.parametrize("person", ["observer", "stranger"])
def test_the_diagram_is_refused_to_observers(client, cast, person):
    client.force_login(getattr(cast, person))
    assert client.get(DIAGRAM).status_code == 403


# Editing (project staff only)


def test_staff_add_a_secondary_driver_under_a_primary(client, cast, idea):
    client.force_login(cast.staff)
    url = reverse("framework:item-add", args=["secondary"])
    response = client.post(
        f"{url}?parent={idea.primary.pk}", {"name_en": "Transitions", "description_en": ""}
    )
    assert response.status_code == 302
    added = SecondaryDriver.objects.get(name="Transitions")
    assert (added.primary, added.order) == (idea.primary, 1)


def test_staff_edit_an_idea_with_a_revision(client, cast, idea):
    client.force_login(cast.staff)
    url = reverse("framework:item-edit", args=["idea", idea.pk])
    assert "Visual schedule" in client.get(url).text
    stale = idea.revision
    client.post(url, {"name_en": "Picture schedule", "description_en": "", "revision": stale})
    idea.refresh_from_db()
    assert idea.name == "Picture schedule"
    response = client.post(url, {"name_en": "Mine", "description_en": "", "revision": stale})
    assert "Someone else saved this" in response.text
    assert 'value="Mine"' in response.text


def test_aim_errors_show_beside_the_field(client, cast):
    client.force_login(cast.staff)
    url = reverse("framework:item-add", args=["aim"])
    response = client.post(
        f"{url}?parent={cast.collaborative.pk}", {"statement_en": "Aim", "target_date": "2040-01-01"}
    )
    assert "This date is outside the collaborative&#x27;s dates." in response.text
    assert 'aria-describedby="id_target_date_error"' in response.text
    assert not Aim.objects.exists()


def test_staff_reorder_and_archive(client, cast, idea):
    second = PrimaryDriver.objects.create(collaborative=cast.collaborative, name="Families", order=1)
    client.force_login(cast.staff)
    client.post(reverse("framework:item-move", args=["primary", second.pk]), {"direction": "up"})
    assert [p.name for p in cast.collaborative.primary_drivers.active()] == ["Families", "Relationships"]
    client.post(reverse("framework:item-archive", args=["idea", idea.pk]))
    idea.refresh_from_db()
    assert idea.is_archived
    page = client.get(reverse("framework:edit")).text
    assert "Restore" in page
    client.post(reverse("framework:item-archive", args=["idea", idea.pk]), {"restore": "1"})
    idea.refresh_from_db()
    assert not idea.is_archived


@pytest.mark.parametrize("person", ["faculty", "teacher", "viewer"])
def test_only_staff_edit_the_framework(client, cast, idea, person):
    client.force_login(getattr(cast, person))
    assert client.get(reverse("framework:edit")).status_code == 403
    assert client.post(reverse("framework:item-archive", args=["idea", idea.pk])).status_code in (403, 404)
