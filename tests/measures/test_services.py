from __future__ import annotations

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
from tests.factories import make_measure


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
