from __future__ import annotations

from breakthrough.framework.models import ChangeIdea, PrimaryDriver
from breakthrough.framework.services import framework_item_archive, framework_item_move, framework_item_save
from tests.factories import make_change_idea


def test_a_new_item_goes_last_among_its_siblings(cast):
    idea = make_change_idea(cast.collaborative, name="A")
    second = framework_item_save(obj=ChangeIdea(secondary=idea.secondary), by=cast.staff, name="B")
    assert second.order == idea.order + 1


def test_move_swaps_with_the_neighbour_and_renumbers(cast):
    first = make_change_idea(cast.collaborative, name="A")
    second = framework_item_save(obj=ChangeIdea(secondary=first.secondary), by=cast.staff, name="B")
    third = framework_item_save(obj=ChangeIdea(secondary=first.secondary), by=cast.staff, name="C")
    framework_item_move(obj=third, by=cast.staff, direction="up")
    assert [i.name for i in first.secondary.change_ideas.active()] == ["A", "C", "B"]
    framework_item_move(obj=first, by=cast.staff, direction="up")  # already first: stays
    assert [i.name for i in first.secondary.change_ideas.active()] == ["A", "C", "B"]
    assert second.pk


def test_archive_keeps_the_row(cast):
    primary = PrimaryDriver.objects.create(collaborative=cast.collaborative, name="P")
    framework_item_archive(obj=primary, by=cast.staff)
    primary.refresh_from_db()
    assert primary.is_archived
    assert not cast.collaborative.primary_drivers.active().exists()
