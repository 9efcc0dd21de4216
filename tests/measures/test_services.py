from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from breakthrough.core.audit import history
from breakthrough.core.services import ConcurrentEdit
from breakthrough.measures.models import Measure, MeasureValue, MonthlyReport
from breakthrough.measures.services import (
    report_open,
    report_pull_back,
    report_review,
    report_save,
    report_submit,
)
from tests.factories import make_incident, make_incidents_measure, make_measure


@pytest.fixture
def report(cast):
    make_measure(cast.collaborative, code="checkin")
    make_measure(cast.collaborative, unit=Measure.Unit.COUNT, code="removals")
    return report_open(team=cast.team_a, period=cast.collaborative.periods.first(), by=cast.teacher)


def ids(report):
    return {v.measure.code: v.measure_id for v in report.values.select_related("measure")}


def test_save_is_all_or_nothing(report, teacher):
    m = ids(report)
    entries = {m["checkin"]: {"numerator": D(3), "denominator": D(10)}, m["removals"]: {"value": D(-1)}}
    with pytest.raises(ValidationError) as exc:
        report_save(report=report, by=teacher, entries=entries, narrative="A good month")
    assert exc.value.message_dict.keys() == {"removals.value"}
    assert all(v.is_blank for v in MeasureValue.objects.filter(report=report))  # nothing half-written
    report.refresh_from_db()
    assert report.narrative == ""


def test_draft_submit_pull_back_review(report, teacher, faculty):
    m = ids(report)
    report_save(report=report, by=teacher, entries={m["checkin"]: {"numerator": D(3), "denominator": D(10)}})
    report_submit(report=report, by=teacher)
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.submitted_by == teacher
    with pytest.raises(ValidationError):
        report_save(report=report, by=teacher, entries={})
    report_pull_back(report=report, by=teacher)
    report_submit(report=report, by=teacher)
    report_review(report=report, by=faculty)
    assert report.status == MonthlyReport.Status.REVIEWED
    with pytest.raises(ValidationError):
        report_pull_back(report=report, by=teacher)  # once reviewed, it is faculty's
    assert [r.action for r in history(report)][:4] == ["review", "submit", "pull_back", "submit"]


def test_second_save_from_a_stale_form_is_refused(report, teacher, director):
    opened_at = report.revision
    report_save(report=report, by=director, entries={}, narrative="Director's note", revision=opened_at)
    stale = MonthlyReport.objects.get(pk=report.pk)
    with pytest.raises(ConcurrentEdit):
        report_save(report=stale, by=teacher, entries={}, narrative="Teacher's note", revision=opened_at)
    report.refresh_from_db()
    assert report.narrative == "Director's note"


def test_reopening_adds_values_for_new_measures_only(report, cast):
    make_measure(cast.collaborative, code="new")
    again = report_open(team=cast.team_a, period=report.period, by=cast.teacher)
    assert again.pk == report.pk
    assert sorted(ids(again)) == ["checkin", "new", "removals"]


# --- a numerator counted from the study's behavior incident reports ---------------------------------


def incident(team, by, day):
    return make_incident(team, by, day)


@pytest.fixture
def counted(cast):
    """A rate whose numerator is counted from incident reports, and a count filled the same way."""
    rate = make_incidents_measure(cast.collaborative)
    count = make_measure(
        cast.collaborative,
        unit=Measure.Unit.COUNT,
        code="incident_count",
        numerator_source=Measure.NumeratorSource.INCIDENT_REPORTS,
    )
    return rate, count


def test_opening_a_report_counts_the_teams_active_incidents_of_that_month(cast, counted):
    from breakthrough.core.services import archive

    period = cast.collaborative.periods.first()
    month = period.month
    for day in (1, 2, 28):
        incident(cast.team_a, cast.teacher, month.replace(day=day))
    archive(obj=incident(cast.team_a, cast.teacher, month.replace(day=3)), by=cast.teacher)  # archived
    incident(cast.team_b, cast.observer, month.replace(day=4))  # another team
    incident(cast.team_a, cast.teacher, month - dt.timedelta(days=1))  # the month before
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    rate = MeasureValue.objects.get(report=report, measure__code="incidents")
    assert rate.numerator == D(3)
    assert rate.denominator is None  # the team enters the child-days
    assert MeasureValue.objects.get(report=report, measure__code="incident_count").value == D(3)
    assert history(rate).filter(by=cast.teacher).exists()  # the count is attributable


def test_saving_recounts_and_ignores_a_typed_numerator(cast, counted):
    period = cast.collaborative.periods.first()
    incident(cast.team_a, cast.teacher, period.month)
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    incident(cast.team_a, cast.teacher, period.month.replace(day=9))  # filed after the form was opened
    m = ids(report)
    entries = {
        m["incidents"]: {"numerator": D(99), "denominator": D(400)},
        m["incident_count"]: {"value": D(50)},
    }
    report_save(report=report, by=cast.teacher, entries=entries)
    rate = MeasureValue.objects.get(report=report, measure__code="incidents")
    assert (rate.numerator, rate.denominator) == (D(2), D(400))
    assert MeasureValue.objects.get(report=report, measure__code="incident_count").value == D(2)


def test_a_counted_rate_still_needs_the_teams_denominator(cast, counted):
    period = cast.collaborative.periods.first()
    incident(cast.team_a, cast.teacher, period.month)
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    with pytest.raises(ValidationError) as exc:
        report_save(report=report, by=cast.teacher, entries={ids(report)["incidents"]: {}})
    assert "incidents.denominator" in exc.value.message_dict


def test_submitting_recounts(cast, counted):
    period = cast.collaborative.periods.first()
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    m = ids(report)
    report_save(report=report, by=cast.teacher, entries={m["incidents"]: {"denominator": D(300)}})
    assert MeasureValue.objects.get(report=report, measure__code="incidents").numerator == D(0)
    incident(cast.team_a, cast.teacher, period.month.replace(day=5))
    report_submit(report=report, by=cast.teacher)
    assert MeasureValue.objects.get(report=report, measure__code="incidents").numerator == D(1)
    assert MeasureValue.objects.get(report=report, measure__code="incident_count").value == D(1)


def test_a_submitted_report_is_not_recounted(cast, counted):
    period = cast.collaborative.periods.first()
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    report_save(report=report, by=cast.teacher, entries={ids(report)["incidents"]: {"denominator": D(300)}})
    report_submit(report=report, by=cast.teacher)
    incident(cast.team_a, cast.teacher, period.month.replace(day=5))
    report_open(team=cast.team_a, period=period, by=cast.teacher)
    assert MeasureValue.objects.get(report=report, measure__code="incidents").numerator == D(0)


def test_an_entered_measure_is_never_counted(cast, report):
    incident(cast.team_a, cast.teacher, report.period.month)
    report_open(team=report.team, period=report.period, by=cast.teacher)
    assert all(v.is_blank for v in MeasureValue.objects.filter(report=report))
