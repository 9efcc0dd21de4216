"""The demo's fieldwork: sessions that improve a little, voices that shift, TA, adaptations, child scores."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter

import pytest

from breakthrough.collaboratives.models import Classroom
from breakthrough.demo import build_demo
from breakthrough.demo.fieldwork import build_fieldwork_demo
from breakthrough.fieldwork import selectors
from breakthrough.fieldwork.models import Adaptation, ChildScore, SessionObservation, TAContact
from breakthrough.fieldwork.outcomes import outcome_table


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 5, 12, 0, tzinfo=dt.UTC), tick=False)
    return build_demo(seed=7)


def test_sessions_improve_and_voices_shift_from_faculty_to_teams_and_families(demo):
    rows = selectors.session_scores(demo)
    sessions = [r for r in rows if r.kind == "learning_session"]
    # The demo is in June of a November-to-October year: learning sessions 1 and 2 are over.
    assert [r.sequence for r in sessions] == [1, 2]
    assert any(r.kind == "collaborative_call" for r in rows)
    first, last = rows[0], rows[-1]
    for code in ("within", "across", "voice"):
        assert last.subscales[code] > first.subscales[code]
    assert last.cross_team_exchanges >= first.cross_team_exchanges
    voices = {v.event_id: v for v in selectors.voices_by_role(demo)}
    early, late = voices[sessions[0].event_id], voices[sessions[-1].event_id]

    def faculty_share(v):
        return (v.turns["faculty"] + v.turns["project_staff"]) / v.total

    assert faculty_share(late) < faculty_share(early)
    assert late.turns["family_member"] > early.turns["family_member"]
    assert not SessionObservation.objects.filter(event__ends_at__date__gte=dt.date(2026, 6, 5)).exists()


def test_ta_adaptations_and_child_scores_have_a_realistic_shape(demo):
    per_team = Counter(TAContact.objects.filter(team__collaborative=demo).values_list("team_id", flat=True))
    assert set(per_team) == set(demo.teams.values_list("pk", flat=True))
    assert all(3 <= n <= 8 for n in per_team.values())
    assert len(set(TAContact.objects.values_list("topic", flat=True))) >= 5
    assert len(set(TAContact.objects.values_list("minutes", flat=True))) >= 4
    assert (
        selectors.ta_by_team(demo)[demo.teams.order_by("pk").first().pk][0]
        == per_team[demo.teams.order_by("pk").first().pk]
    )
    assert 3 <= Adaptation.objects.filter(collaborative=demo).count() <= 5
    assert all(a.what_changed_es and a.why_es for a in Adaptation.objects.all())

    participating = Classroom.objects.filter(
        program__teams__collaborative=demo, participation=Classroom.Participation.PARTICIPATING
    )
    pre = Counter(ChildScore.objects.filter(time_point="pre").values_list("classroom_id", flat=True))
    assert set(pre) == set(participating.values_list("pk", flat=True))
    assert all(8 <= n <= 15 for n in pre.values())
    post = ChildScore.objects.filter(time_point="post").count()
    assert 0.75 * sum(pre.values()) < post < sum(pre.values())  # some children are missing at post
    scores = {(s.child_code, s.time_point): s.score for s in ChildScore.objects.all()}
    gains = [
        scores[(c, "post")] - scores[(c, "pre")] for c, p in scores if p == "pre" and (c, "post") in scores
    ]
    assert 1.5 < statistics.mean(gains) < 4.5  # a modest average gain
    assert statistics.stdev(s for (_c, p), s in scores.items() if p == "pre") > 4  # a realistic spread
    rows, total = outcome_table(demo)
    assert len(rows) == demo.teams.count()  # every program has participating classrooms
    assert total.change.n == len(gains)
    assert total.change.mean == pytest.approx(statistics.mean(gains))


def test_the_fieldwork_demo_is_deterministic_and_fast(demo):
    def snapshot():
        return (
            list(
                ChildScore.objects.order_by("child_code", "time_point").values_list(
                    "child_code", "time_point", "score"
                )
            ),
            list(
                TAContact.objects.order_by("team_id", "date", "topic", "minutes").values_list(
                    "team_id", "date", "topic", "minutes"
                )
            ),
        )

    before = snapshot()
    ChildScore.objects.all().delete()
    TAContact.objects.all().delete()
    SessionObservation.objects.all().delete()
    Adaptation.objects.all().delete()
    started = time.perf_counter()
    build_fieldwork_demo(demo, today=dt.date(2026, 6, 5))
    assert time.perf_counter() - started < 5
    assert snapshot() == before
