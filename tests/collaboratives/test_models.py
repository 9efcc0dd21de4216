from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from breakthrough.collaboratives.models import Membership, Phase, Role, add_months
from tests.factories import make_collaborative, make_member, make_team, make_user


@pytest.mark.django_db
def test_a_new_collaborative_has_the_full_timeline_and_twelve_periods():
    collab = make_collaborative(start_date=dt.date(2026, 1, 1))
    kinds = list(collab.phases.order_by("start_date").values_list("kind", flat=True))
    assert kinds == [k.value for k in Phase.Kind]  # pre-work, LS1, AP1, …, sustainment, in order
    periods = list(collab.periods.order_by("month"))
    assert [p.month for p in periods] == [dt.date(2026, m, 1) for m in range(1, 13)]
    assert periods[0].due_date == dt.date(2026, 2, 10)  # due on the 10th of the next month
    assert collab.end_date == dt.date(2026, 12, 31)


@pytest.mark.django_db
def test_phases_tile_the_year_without_gaps():
    collab = make_collaborative(start_date=dt.date(2026, 3, 1))
    phases = list(collab.phases.order_by("start_date"))
    for before, after in itertools.pairwise(phases):
        assert after.start_date == before.end_date + dt.timedelta(days=1)
    assert phases[-1].end_date == collab.end_date


@pytest.mark.django_db
def test_a_phase_outside_the_collaborative_is_refused():
    collab = make_collaborative(start_date=dt.date(2026, 1, 1))
    phase = collab.phases.first()
    phase.start_date = dt.date(2025, 12, 1)
    with pytest.raises(ValidationError) as exc:
        phase.full_clean()
    assert "start_date" in exc.value.message_dict


@pytest.mark.django_db
def test_period_knows_its_phase():
    collab = make_collaborative(start_date=dt.date(2026, 1, 1))
    march = collab.periods.get(month=dt.date(2026, 3, 1))
    assert march.phase().kind == Phase.Kind.ACTION_PERIOD_1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "with_team", "error"),
    [
        (Role.TEACHER, False, True),  # a teacher belongs to a team
        (Role.TEACHER, True, False),
        (Role.VIEWER, True, True),  # a viewer belongs to the whole collaborative
        (Role.FACULTY, True, False),  # faculty may coach one team
        (Role.OBSERVER, False, False),
    ],
)
def test_membership_rules(role, with_team, error):
    collab = make_collaborative()
    team = make_team(collab) if with_team else None
    membership = Membership(user=make_user(), collaborative=collab, team=team, role=role)
    if error:
        with pytest.raises(ValidationError):
            membership.full_clean()
    else:
        membership.full_clean()


@pytest.mark.django_db
def test_a_person_can_hold_several_memberships():
    collab_a, collab_b = make_collaborative(), make_collaborative()
    person = make_user()
    make_member(person, Role.DIRECTOR, collab_a, make_team(collab_a))
    make_member(person, Role.TEAM_LEAD, collab_a, person.memberships.get().team)
    make_member(person, Role.FACULTY, collab_b)
    assert person.memberships.count() == 3


@pytest.mark.django_db
def test_team_from_another_collaborative_is_refused():
    collab_a, collab_b = make_collaborative(), make_collaborative()
    membership = Membership(
        user=make_user(), collaborative=collab_a, team=make_team(collab_b), role=Role.TEACHER
    )
    with pytest.raises(ValidationError) as exc:
        membership.full_clean()
    assert "another collaborative" in str(exc.value)


def test_add_months_crosses_years():
    assert add_months(dt.date(2026, 11, 1), 3) == dt.date(2027, 2, 1)
    assert add_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
