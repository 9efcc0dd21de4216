from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError

from breakthrough.measures.models import Measure, validate_value
from breakthrough.measures.services import measure_revise, report_open, report_submit
from tests.factories import make_collaborative, make_measure, make_team

P, R, C, M = Measure.Unit.PERCENT, Measure.Unit.RATE, Measure.Unit.COUNT, Measure.Unit.MEAN


@pytest.mark.parametrize(
    ("unit", "num", "den", "value", "field"),
    [
        (P, D(5), D(4), None, "numerator"),  # numerator > denominator
        (P, D(-1), D(4), None, "numerator"),  # negative
        (P, D(1), None, None, "denominator"),  # half an entry
        (P, None, None, D(3), "value"),  # wrong shape
        (R, D(3), D(0), None, "denominator"),  # rate over nothing
        (C, None, None, D(-2), "value"),
        (C, None, None, D("2.5"), "value"),  # a count is whole
    ],
)
def test_it_names_the_field_in_error(unit, num, den, value, field):
    assert field in validate_value(unit, num, den, value)


@pytest.mark.parametrize(
    ("unit", "num", "den", "value"),
    [
        (P, None, None, None),  # a blank month is allowed, and stays blank
        (P, D(4), D(4), None),
        (R, D(7), D(5), None),  # a rate may exceed one
        (C, None, None, D(0)),
        (M, None, None, D("-1.5")),  # a mean may be negative
    ],
)
def test_valid_entries_pass(unit, num, den, value):
    assert validate_value(unit, num, den, value) == {}


@pytest.mark.django_db
def test_a_blank_month_stays_blank_not_zero():
    collab = make_collaborative()
    make_measure(collab)
    report = report_open(team=make_team(collab), period=collab.periods.first(), by=None)
    value = report.values.get()
    assert value.is_blank
    assert value.plotted is None


@pytest.mark.django_db
def test_revised_definition_applies_from_its_month_and_old_values_keep_theirs():
    collab = make_collaborative(start_date=dt.date(2026, 1, 1))
    measure = make_measure(collab)
    team = make_team(collab)
    january = collab.periods.get(month=dt.date(2026, 1, 1))
    old_value = report_open(team=team, period=january, by=None).values.get()
    measure_revise(
        measure=measure,
        by=None,
        effective_from=dt.date(2026, 4, 1),
        change_reason="clearer",
        definition="Share of classroom-days with a check-in before 9:30",
    )
    measure.refresh_from_db()
    assert measure.version_for(dt.date(2026, 3, 1)).number == 1
    assert measure.version_for(dt.date(2026, 4, 1)).number == 2
    april = collab.periods.get(month=dt.date(2026, 4, 1))
    assert report_open(team=team, period=april, by=None).values.get().measure_version.number == 2
    old_value.refresh_from_db()
    assert old_value.measure_version.number == 1


@pytest.mark.django_db
def test_a_revision_that_changes_nothing_is_refused():
    measure = make_measure(make_collaborative())
    with pytest.raises(ValidationError):
        measure_revise(measure=measure, by=None, effective_from=dt.date(2026, 2, 1), change_reason="none")


@pytest.mark.django_db
def test_team_defined_measure_needs_its_team():
    collab = make_collaborative()
    measure = make_measure(collab, requirement=Measure.Requirement.REQUIRED)
    measure.requirement = Measure.Requirement.TEAM_DEFINED
    with pytest.raises(ValidationError):
        measure.full_clean()


@pytest.mark.django_db
def test_report_is_late_after_its_due_date():
    collab = make_collaborative(start_date=dt.date(2026, 1, 1))
    report = report_open(team=make_team(collab), period=collab.periods.first(), by=None)  # due Feb 10
    assert not report.is_late(dt.date(2026, 2, 10))
    assert report.is_late(dt.date(2026, 2, 11))
    with time_machine.travel("2026-02-15 12:00-05:00"):
        report_submit(report=report, by=None)
    assert report.is_late(dt.date(2026, 3, 1))  # it came in after the due date, and stays late


def test_visible_to_agrees_with_can_view(cast):
    """The list QuerySets show exactly what the permission helper lets each person open."""
    from breakthrough.collaboratives.access import can_view
    from breakthrough.measures.models import MonthlyReport

    shared = make_measure(cast.collaborative, code="shared")
    own = make_measure(
        cast.collaborative, code="own", requirement=Measure.Requirement.TEAM_DEFINED, team=cast.team_a
    )
    period = cast.collaborative.periods.first()
    reports = [report_open(team=t, period=period, by=None) for t in (cast.team_a, cast.team_b)]
    for person, user in cast.people().items():
        visible = set(MonthlyReport.objects.visible_to(user))
        assert visible == {r for r in reports if can_view(user, r)}, person
        measures = set(Measure.objects.visible_to(user))
        assert measures == {m for m in (shared, own) if can_view(user, m)}, person
