"""The assessment page: a team's self-assessment, faculty ratings with reasons, and the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from breakthrough.assessments.models import Assessment
from breakthrough.assessments.services import assessment_rate

TODAY = dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def march():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def march_period(cast):
    return cast.collaborative.periods.get(month=dt.date(2026, 3, 1))


def as_(client, user):
    client.force_login(user)
    return client


def test_team_member_sees_their_form_with_level_descriptions(client, cast, levels):
    page = as_(client, cast.teacher).get(reverse("assessments:overview")).content.decode()
    assert "Our self-assessment for March 2026" in page
    assert cast.team_b.name not in page
    assert page.count('type="radio"') == 9
    assert "Modest improvement" in page
    assert "Early signs of better results on process measures" in page


def test_team_rates_itself_and_sees_faculty_beside_it(client, cast, levels, march_period):
    feb = cast.collaborative.periods.get(month=dt.date(2026, 2, 1))
    assessment_rate(
        team=cast.team_a, period=feb, source="faculty", score=D("2.5"), by=cast.faculty, reason="Good start"
    )
    data = {"team": cast.team_a.pk, "period": march_period.pk, "score": "3.0"}
    response = as_(client, cast.teacher).post(reverse("assessments:rate"), data)
    assert response.status_code == 302
    rating = Assessment.objects.get(team=cast.team_a, period=march_period)
    assert rating.source == "team"
    assert rating.score == D("3.0")
    page = client.get(reverse("assessments:overview")).content.decode()
    assert "Good start" in page
    assert 'value="3.0" checked' in page


def test_faculty_rate_every_team_with_a_reason(client, cast, levels, march_period):
    page = as_(client, cast.faculty).get(reverse("assessments:overview")).content.decode()
    assert cast.team_a.name in page
    assert cast.team_b.name in page
    data = {"team": cast.team_b.pk, "period": march_period.pk, "score": "2.0", "reason": ""}
    response = client.post(reverse("assessments:rate"), data)
    assert response.status_code == 200
    assert "Faculty give a reason for their rating." in response.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(reverse("assessments:rate"), data | {"reason": "Two cycles under way"})
    assert response.status_code == 302
    rating = Assessment.objects.get()
    assert (rating.source, rating.team, rating.rated_by) == ("faculty", cast.team_b, cast.faculty)


def test_faculty_see_the_team_s_own_rating_of_the_month_beside_their_form(client, cast, levels, march_period):
    assessment_rate(
        team=cast.team_a,
        period=march_period,
        source="team",
        score=D("3.5"),
        by=cast.teacher,
        reason="Two ramps",
    )
    page = as_(client, cast.faculty).get(reverse("assessments:overview")).content.decode()
    team_a = page.split(f'id="team-{cast.team_a.pk}"')[1].split("</section>")[0]
    team_b = page.split(f'id="team-{cast.team_b.pk}"')[1].split("</section>")[0]
    assert "own rating for March 2026: 3.5" in team_a
    assert "<q>Two ramps</q>" in team_a
    assert "has not rated itself for March 2026 yet" in team_b
    # The team's rating of another month is not shown as this month's.
    feb = cast.collaborative.periods.get(month=dt.date(2026, 2, 1))
    assessment_rate(team=cast.team_b, period=feb, source="team", score=D("2.0"), by=cast.teacher, reason="")
    page = client.get(reverse("assessments:overview")).content.decode()
    assert "has not rated itself for March 2026 yet" in page.split(f'id="team-{cast.team_b.pk}"')[1]


@pytest.mark.parametrize("score", ["", "abc", "3.3", "6"])
def test_a_score_off_the_scale_is_refused_beside_the_choices(client, cast, levels, march_period, score):
    data = {"team": cast.team_a.pk, "period": march_period.pk, "score": score, "reason": "Kept"}
    response = as_(client, cast.teacher).post(reverse("assessments:rate"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a score from 1.0 to 5.0 in steps of 0.5." in page
    assert "Kept</textarea>" in page
    assert not Assessment.objects.exists()


def test_a_team_cannot_rate_another_team(client, cast, levels, march_period):
    data = {"team": cast.team_a.pk, "period": march_period.pk, "score": "3.0"}
    assert as_(client, cast.outsider).post(reverse("assessments:rate"), data).status_code == 404
    assert as_(client, cast.evaluator).post(reverse("assessments:rate"), data).status_code == 403


def test_no_rating_for_a_month_to_come(client, cast, levels):
    may = cast.collaborative.periods.get(month=dt.date(2026, 5, 1))
    data = {"team": cast.team_a.pk, "period": may.pk, "score": "3.0"}
    assert as_(client, cast.teacher).post(reverse("assessments:rate"), data).status_code == 404


@pytest.mark.parametrize("person", ["evaluator", "observer", "viewer", "stranger"])
def test_others_do_not_see_the_assessment_page(client, cast, person):
    assert as_(client, getattr(cast, person)).get(reverse("assessments:overview")).status_code == 403


def test_the_page_works_without_the_scale_data(client, cast):
    from breakthrough.assessments.models import AssessmentLevel

    AssessmentLevel.objects.all().delete()
    page = as_(client, cast.teacher).get(reverse("assessments:overview")).content.decode()
    assert page.count('type="radio"') == 9


@pytest.mark.parametrize("score", ["NaN", "３.５", "Infinity"])
def test_a_rating_with_an_unreadable_score_is_refused_by_name_not_a_500(client, cast, score):
    """Issue #14: score=NaN answered 500; full-width digits were taken as a number."""
    period = cast.collaborative.periods.order_by("month").first()
    client.force_login(cast.teacher)
    posted = {"team": cast.team_a.pk, "period": period.pk, "score": score, "reason": ""}
    response = client.post(reverse("assessments:rate"), posted)
    assert response.status_code == 200  # the page again, with the message beside the score
    assert "Choose a score from 1.0 to 5.0" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("period", ["soon", "99999999999999999999", "١"])
def test_a_rating_for_an_unreadable_period_is_not_found_not_a_500(client, cast, period):
    client.force_login(cast.teacher)
    posted = {"team": cast.team_a.pk, "period": period, "score": "3.5", "reason": ""}
    assert client.post(reverse("assessments:rate"), posted).status_code == 404
    assert not Assessment.objects.exists()
