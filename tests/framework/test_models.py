from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from breakthrough.framework.models import Aim, ChangeIdea
from tests.factories import make_change_idea, make_collaborative


@pytest.mark.django_db
def test_driver_diagram_links_idea_to_its_collaborative():
    collab = make_collaborative()
    idea = make_change_idea(collab)
    assert idea.get_collaborative() == collab
    assert idea.primary.name == "Relationships"


@pytest.mark.django_db
def test_items_keep_their_order():
    collab = make_collaborative()
    first = make_change_idea(collab, name="B", order=2)
    ChangeIdea.objects.create(secondary=first.secondary, name="A", order=1)
    assert [i.name for i in first.secondary.change_ideas.all()] == ["A", "B"]


@pytest.mark.django_db
def test_aim_target_date_inside_the_collaborative():
    collab = make_collaborative(start_date=dt.date(2026, 1, 1))
    aim = Aim(collaborative=collab, statement="85% by December", target_date=dt.date(2027, 6, 1))
    with pytest.raises(ValidationError) as exc:
        aim.full_clean()
    assert "target_date" in exc.value.message_dict
