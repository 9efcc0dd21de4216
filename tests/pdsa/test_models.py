from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from breakthrough.pdsa.models import PDSACycle
from breakthrough.pdsa.services import cycle_next, cycle_update
from tests.factories import make_cycle


def test_study_needs_a_do(cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    with pytest.raises(ValidationError) as exc:
        cycle_update(cycle=cycle, by=cast.teacher, study_results="It worked")
    assert "study_results" in exc.value.message_dict


def test_act_needs_a_study(cast):
    cycle = make_cycle(cast.team_a, cast.teacher, do_observations="Ran all week")
    with pytest.raises(ValidationError) as exc:
        cycle_update(cycle=cycle, by=cast.teacher, decision="adopt")
    assert "decision" in exc.value.message_dict


def test_dates_stay_inside_the_collaborative(cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    with pytest.raises(ValidationError) as exc:
        cycle_update(cycle=cycle, by=cast.teacher, planned_start=dt.date(2030, 1, 1))
    assert "planned_start" in exc.value.message_dict


def test_stage_follows_the_work(cast):
    cycle = make_cycle(cast.team_a, cast.teacher)
    assert cycle.stage == PDSACycle.Stage.PLAN
    steps = [
        ({"plan_what": "Visual schedule", "planned_start": dt.date(2026, 2, 2)}, PDSACycle.Stage.DO),
        ({"do_observations": "Ran it", "done_on": dt.date(2026, 2, 9)}, PDSACycle.Stage.STUDY),
        ({"study_results": "As predicted"}, PDSACycle.Stage.ACT),
        ({"decision": "adapt", "next_step": "Afternoons too"}, PDSACycle.Stage.DONE),
    ]
    for fields, stage in steps:
        cycle = cycle_update(cycle=cycle, by=cast.teacher, **fields)
        assert cycle.stage == stage


def test_next_cycle_copies_the_plan_into_the_same_ramp(cast):
    cycle = make_cycle(cast.team_a, cast.teacher, prediction="Most join in", plan_who="Lead teacher")
    with pytest.raises(ValidationError):
        cycle_next(cycle=cycle, by=cast.teacher)  # no decision yet
    cycle = cycle_update(
        cycle=cycle, by=cast.teacher, do_observations="ok", study_results="ok", decision="adapt"
    )
    second = cycle_next(cycle=cycle, by=cast.director)
    assert (second.ramp_id, second.number) == (cycle.ramp_id, 2)
    assert (second.prediction, second.plan_who) == ("Most join in", "Lead teacher")
    assert second.stage == PDSACycle.Stage.PLAN
    assert not second.do_observations


def test_a_change_idea_of_another_team_is_refused(cast):
    from breakthrough.pdsa.models import Ramp
    from tests.factories import make_change_idea

    idea = make_change_idea(cast.collaborative, team=cast.team_b)
    with pytest.raises(ValidationError):
        Ramp(team=cast.team_a, change_idea=idea, title="x").full_clean()
