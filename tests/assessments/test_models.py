from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from breakthrough.assessments.models import Assessment, AssessmentLevel
from breakthrough.assessments.services import assessment_rate
from breakthrough.core.audit import history


@pytest.mark.django_db
def test_the_scale_has_nine_levels_from_1_to_5():
    assert [lvl.score for lvl in AssessmentLevel.objects.all()] == [D(1) + D("0.5") * i for i in range(9)]


@pytest.mark.parametrize("score", [D("0.5"), D("5.5"), D("2.3")])
def test_off_scale_scores_are_refused(cast, score):
    with pytest.raises(ValidationError) as exc:
        assessment_rate(
            team=cast.team_a,
            period=cast.collaborative.periods.first(),
            source="team",
            score=score,
            by=cast.director,
        )
    assert "score" in exc.value.message_dict


def test_faculty_give_a_reason(cast):
    period = cast.collaborative.periods.first()
    with pytest.raises(ValidationError) as exc:
        assessment_rate(team=cast.team_a, period=period, source="faculty", score=D(2), by=cast.faculty)
    assert "reason" in exc.value.message_dict


def test_rating_again_replaces_and_the_audit_keeps_the_old_score(cast):
    period = cast.collaborative.periods.first()
    assessment_rate(team=cast.team_a, period=period, source="team", score=D(2), by=cast.director)
    rating = assessment_rate(team=cast.team_a, period=period, source="team", score=D("2.5"), by=cast.teacher)
    assert Assessment.objects.count() == 1
    assert history(rating).first().before["score"] == "2.0"
