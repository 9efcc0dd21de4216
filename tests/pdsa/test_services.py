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


def test_sharing_from_a_stale_copy_keeps_a_section_saved_meanwhile(cast, cycle):
    """The share toggle writes only its own fields (issue #14: a race overwrote a just-saved section)."""
    from breakthrough.pdsa.models import PDSACycle
    from breakthrough.pdsa.services import cycle_share, cycle_update

    stale = PDSACycle.objects.get(pk=cycle.pk)  # the copy the share request loaded
    first = stale.revision
    cycle_update(cycle=cycle, by=cast.teacher, revision=first, prediction="Nearly all children join in")
    shared = cycle_share(cycle=stale, by=cast.teacher, shared=True)
    fresh = PDSACycle.objects.get(pk=cycle.pk)
    assert fresh.prediction == "Nearly all children join in"
    assert fresh.is_shared
    assert fresh.shared_at is not None
    assert shared.revision == fresh.revision == first + 2  # the section save, then the share


def test_the_revision_check_locks_only_the_row_being_saved(cast, cycle):
    """No join to the team or collaborative rows (a default ordering did that), and FOR UPDATE OF the row."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from breakthrough.core.services import check_revision

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        check_revision(cycle, cycle.revision)
    (sql,) = [q["sql"] for q in queries.captured_queries if "revision" in q["sql"]]
    assert "JOIN" not in sql.upper()
    assert "ORDER BY" not in sql.upper()
    if connection.features.has_select_for_update_of:
        assert 'FOR UPDATE OF "pdsa_pdsacycle"' in sql


def test_starting_an_idea_the_team_already_tests_continues_its_ramp_instead_of_a_second_one(cast):
    from django.core.exceptions import ValidationError

    from breakthrough.pdsa.models import PDSACycle, Ramp
    from breakthrough.pdsa.services import cycle_update, ramp_start
    from tests.factories import make_change_idea

    idea = make_change_idea(cast.collaborative, name="Visual schedule")
    first = ramp_start(team=cast.team_a, change_idea=idea, by=cast.teacher, objective="Try it in one room")
    with pytest.raises(ValidationError) as refused:
        ramp_start(team=cast.team_a, change_idea=idea, by=cast.teacher, objective="Again")
    assert (
        "cycle 1 of “Visual schedule” is waiting for its decision"
        in refused.value.message_dict["change_idea"][0]
    )
    cycle_update(
        cycle=first,
        by=cast.teacher,
        do_observations="Used it at arrival",
        study_results="Calmer mornings",
        decision=PDSACycle.Decision.ADAPT,
    )
    second = ramp_start(team=cast.team_a, change_idea=idea, by=cast.teacher, objective="Two rooms")
    assert (second.ramp_id, second.number) == (first.ramp_id, 2)
    assert Ramp.objects.filter(team=cast.team_a, change_idea=idea).count() == 1
    other = ramp_start(team=cast.team_b, change_idea=idea, by=cast.outsider, objective="Our own test")
    assert other.ramp_id != first.ramp_id  # another team's ramp is its own
