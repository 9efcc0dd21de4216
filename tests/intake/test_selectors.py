"""Readiness as the study reads it: mean over raters per criterion, summed, over the summed maxima."""

from __future__ import annotations

import pytest

from breakthrough.intake.models import Application, ReadinessRating
from breakthrough.intake.selectors import (
    planning_meeting,
    readiness_by_application,
    readiness_by_program,
)
from tests.factories import make_program, make_team, make_user
from tests.intake.helpers import level, make_application, make_rubric


def rate(application, criterion, score, rater):
    ReadinessRating.objects.create(
        application=application, criterion=criterion, level=level(criterion, score), rater=rater
    )


@pytest.fixture
def rated(cast):
    first, second = make_rubric(cast.collaborative, tops=(4, 3))
    ann, ben = make_user("ann"), make_user("ben")
    program = make_program(name="Little Oaks", registered_in=cast.collaborative)
    team = make_team(cast.collaborative, program=program)
    accepted = make_application(
        cast.collaborative, status=Application.Status.ACCEPTED, program=program, team=team
    )
    rate(accepted, first, 3, ann)
    rate(accepted, first, 4, ben)
    rate(accepted, second, 2, ann)
    rate(accepted, second, 3, ben)
    pending = make_application(cast.collaborative, program_name="Willow House")
    rate(pending, first, 2, ann)  # only one criterion rated so far
    unrated = make_application(cast.collaborative, program_name="Maple Corner")
    return {"accepted": accepted, "pending": pending, "unrated": unrated, "program": program}


def test_readiness_is_the_mean_per_criterion_over_the_maxima(cast, rated):
    # By hand: criterion 1 (max 4): raters 3 and 4, mean 3.5; criterion 2 (max 3): 2 and 3, mean 2.5.
    # (3.5 + 2.5) / (4 + 3) × 100 = 600 / 7 = 85.714285…
    # Willow House: only criterion 1 rated, 2 of 4 = 50 %. Maple Corner: nobody rated it, no readiness.
    found = readiness_by_application(cast.collaborative)
    assert found == {
        rated["accepted"].pk: pytest.approx(85.71428571428571, abs=1e-9),
        rated["pending"].pk: pytest.approx(50.0),
    }
    assert readiness_by_program(cast.collaborative) == {
        rated["program"].pk: pytest.approx(85.71428571428571, abs=1e-9)
    }


def test_archived_ratings_and_other_collaboratives_do_not_count(cast, rated):
    rating = ReadinessRating.objects.get(
        application=rated["accepted"], criterion__order=0, rater__username="ben"
    )
    rating.archived_at = rating.created_at
    rating.save()
    # Criterion 1 now only ann's 3: (3 + 2.5) / 7 × 100 = 78.571428…
    assert readiness_by_program(cast.collaborative)[rated["program"].pk] == pytest.approx(550 / 7)
    assert readiness_by_program(cast.other_collaborative) == {}


def test_no_meeting_yet(cast):
    assert planning_meeting(cast.collaborative) is None
