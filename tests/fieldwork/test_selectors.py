"""The selectors the feasibility study reads, against hand-computed values."""

from __future__ import annotations

import datetime as dt

import pytest

from breakthrough.events.models import Event
from breakthrough.fieldwork import selectors
from breakthrough.fieldwork.models import Adaptation, ChildScore, TAContact
from breakthrough.fieldwork.services import (
    adaptation_save,
    child_scores_save,
    session_observation_save,
    ta_contact_save,
)
from tests.factories import make_classroom
from tests.fieldwork.helpers import child_tool, make_event, protocol, scores

pytestmark = pytest.mark.django_db

LS1, LS2 = dt.date(2026, 2, 10), dt.date(2026, 5, 12)


def observe(cast, event, day, exchanges, turns=None, **items):
    raw = scores(**items) | {f"turns-{role}": str(n) for role, n in (turns or {}).items()}
    return session_observation_save(
        by=cast.evaluator,
        event=event,
        instrument=protocol(),
        observed_on=day,
        cross_team_exchanges=exchanges,
        raw=raw,
    )


def test_session_scores_are_subscale_means_of_observations_by_event(cast):
    c = cast.collaborative
    ls1 = make_event(c, Event.Kind.LEARNING_SESSION, LS1, "LS1")
    make_event(c, Event.Kind.COLLABORATIVE_CALL, dt.date(2026, 3, 3), "Call 1")
    ls2 = make_event(c, Event.Kind.LEARNING_SESSION, LS2, "LS2")
    # Observation A: within 2,3,2 -> 7/3; across 1,2 (2 of 3, minimum 2) -> 1.5; voice 1,1 -> 1.
    observe(
        cast,
        ls1,
        LS1,
        2,
        within_listen=2,
        within_roles=3,
        within_disagree=2,
        across_share=1,
        across_ask=2,
        voice_lead=1,
        voice_family=1,
    )
    # Observation B: within 3,3,3 -> 3; across 2,2,3 -> 7/3; voice 2 (one of 2, minimum 1) -> 2.
    observe(
        cast,
        ls1,
        LS1,
        4,
        within_listen=3,
        within_roles=3,
        within_disagree=3,
        across_share=2,
        across_ask=2,
        across_mix=3,
        voice_lead=2,
    )
    # Observation C at LS2: within one item only (below the minimum 2) -> none; across 3,3,4 -> 10/3;
    # voice 3,4 -> 3.5.
    observe(
        cast,
        ls2,
        LS2,
        7,
        within_listen=4,
        across_share=3,
        across_ask=3,
        across_mix=4,
        voice_lead=3,
        voice_family=4,
    )

    rows = selectors.session_scores(c)

    assert [(r.title, r.kind, r.sequence, r.n_observations, r.n_items) for r in rows] == [
        ("LS1", Event.Kind.LEARNING_SESSION, 1, 2, 8),
        ("LS2", Event.Kind.LEARNING_SESSION, 2, 1, 6),
    ]
    first, second = rows
    # LS1: within (7/3 + 3)/2 = 8/3; across (3/2 + 7/3)/2 = 23/12; voice (1 + 2)/2 = 1.5.
    assert first.subscales["within"] == pytest.approx(8 / 3)
    assert first.subscales["across"] == pytest.approx(23 / 12)
    assert first.subscales["voice"] == pytest.approx(1.5)
    assert first.cross_team_exchanges == 3.0
    assert second.subscales == {"within": None, "across": pytest.approx(10 / 3), "voice": 3.5}
    assert second.cross_team_exchanges == 7.0
    assert first.subscale_names["across"] == "Relational dynamics across teams"


def test_voices_by_role_sum_turns_over_an_events_observations(cast):
    ls1 = make_event(cast.collaborative, Event.Kind.LEARNING_SESSION, LS1, "LS1")
    observe(cast, ls1, LS1, 0, turns={"faculty": 30, "teacher": 10}, within_listen=2, within_roles=2)
    observe(cast, ls1, LS1, 0, turns={"faculty": 20, "family_member": 4}, within_listen=2, within_roles=2)
    (row,) = selectors.voices_by_role(cast.collaborative)
    assert row.turns == {"faculty": 50, "teacher": 10, "family_member": 4}
    assert row.total == 64
    assert row.sequence == 1


def test_ta_by_team_counts_contacts_and_sums_minutes(cast):
    for team, minutes in [(cast.team_a, 30), (cast.team_a, 45), (cast.team_b, 20)]:
        ta_contact_save(
            by=cast.faculty,
            team=team,
            date=dt.date(2026, 3, 1),
            topic=TAContact.Topic.MEASURES,
            minutes=minutes,
            mode=TAContact.Mode.VIDEO,
            note="",
        )
    assert selectors.ta_by_team(cast.collaborative) == {cast.team_a.pk: (2, 75), cast.team_b.pk: (1, 20)}


def test_adaptations_come_oldest_first(cast):
    for day in (dt.date(2026, 6, 1), dt.date(2026, 2, 1)):
        adaptation_save(
            by=cast.staff,
            collaborative=cast.collaborative,
            date=day,
            component=Adaptation.Component.CALLS,
            what_changed_en="Shorter calls",
            why_en="Teachers' time",
        )
    assert [a.date for a in selectors.adaptations(cast.collaborative)] == [
        dt.date(2026, 2, 1),
        dt.date(2026, 6, 1),
    ]


def test_child_scores_rows_carry_program_classroom_code_time_point_score(cast):
    room = make_classroom(cast.team_a.program)
    day = dt.date(2026, 2, 1)
    child_scores_save(
        by=cast.evaluator,
        collaborative=cast.collaborative,
        instrument=child_tool(),
        entries=[
            {
                "classroom": room,
                "child_code": "k1-001",
                "time_point": "pre",
                "score": "20",
                "assessed_on": day,
            },
            {
                "classroom": room,
                "child_code": "K1-001",
                "time_point": "post",
                "score": "26.5",
                "assessed_on": day,
            },
        ],
    )
    assert selectors.child_scores(cast.collaborative) == [
        (cast.team_a.program_id, room.pk, "K1-001", "post", 26.5),
        (cast.team_a.program_id, room.pk, "K1-001", "pre", 20.0),
    ]
    assert ChildScore.objects.get(time_point="pre").entered_by == cast.evaluator
