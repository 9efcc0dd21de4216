from __future__ import annotations

import pytest

from breakthrough.core.audit import history
from breakthrough.core.services import ConcurrentEdit
from breakthrough.pdsa.models import Storyboard
from breakthrough.pdsa.services import storyboard_update


def test_storyboard_is_made_on_first_save_and_audited(cast):
    board = storyboard_update(team=cast.team_a, by=cast.teacher, aim="Calm arrivals")
    assert Storyboard.objects.get(team=cast.team_a) == board
    assert history(board).count() == 1


def test_storyboard_refuses_a_stale_save(cast):
    board = storyboard_update(team=cast.team_a, by=cast.teacher, aim="One")
    stale = board.revision
    storyboard_update(team=cast.team_a, by=cast.director, revision=stale, aim="Two")
    with pytest.raises(ConcurrentEdit):
        storyboard_update(team=cast.team_a, by=cast.teacher, revision=stale, aim="Three")
    assert Storyboard.objects.get().aim == "Two"


def test_a_storyboard_is_always_shared(cast):
    assert Storyboard(team=cast.team_a).is_shared
