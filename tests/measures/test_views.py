"""The report pages through the Django test client, with the named cast."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from breakthrough.collaboratives.comments import comments_on
from breakthrough.measures.models import Measure, MeasureValue, MonthlyReport
from breakthrough.measures.services import report_open, report_review, report_submit
from tests.factories import START, make_cycle, make_measure

TODAY = dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def march():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def measures(cast):
    return [
        make_measure(cast.collaborative, code="checkin"),
        make_measure(cast.collaborative, unit=Measure.Unit.COUNT, code="removals"),
    ]


@pytest.fixture
def report(cast, measures):
    period = cast.collaborative.periods.get(month=dt.date(2026, 3, 1))
    return report_open(team=cast.team_a, period=period, by=cast.teacher)


def as_(client, user):
    client.force_login(user)
    return client


def form(report, **typed):
    return {"revision": report.revision, "narrative": "", "action": "save"} | typed


def value(report, code):
    return MeasureValue.objects.get(report=report, measure__code=code)


# --- the list ------------------------------------------------------------------------------------


def test_team_member_sees_their_months_with_late_and_missing(client, cast, measures):
    periods = {p.month: p for p in cast.collaborative.periods.all()}
    jan = report_open(team=cast.team_a, period=periods[START], by=cast.teacher)
    with time_machine.travel(dt.datetime(2026, 2, 20, tzinfo=dt.UTC)):  # after the due date (Feb 10)
        report_submit(report=jan, by=cast.teacher)
    page = as_(client, cast.teacher).get(reverse("measures:report-list")).content.decode()
    assert cast.team_a.name in page
    assert cast.team_b.name not in page
    assert "Late" in page  # January came in late
    assert "Missing" in page  # February was never submitted, due March 10
    this_month = reverse("measures:report-open", args=[cast.team_a.pk, periods[dt.date(2026, 3, 1)].pk])
    assert this_month in page
    assert "April 2026" not in page  # months to come are not listed


def test_faculty_sees_every_team_by_month(client, cast, report):
    page = as_(client, cast.faculty).get(reverse("measures:report-list")).content.decode()
    assert cast.team_a.name in page
    assert cast.team_b.name in page
    assert report.get_absolute_url() in page


@pytest.mark.parametrize("person", ["observer", "viewer", "stranger"])
def test_people_outside_the_work_cannot_list_reports(client, cast, person):
    assert as_(client, getattr(cast, person)).get(reverse("measures:report-list")).status_code == 403


# --- opening a month -----------------------------------------------------------------------------


def test_team_member_opens_this_month_and_a_draft_is_started(client, cast, measures):
    period = cast.collaborative.periods.get(month=dt.date(2026, 3, 1))
    response = as_(client, cast.teacher).post(
        reverse("measures:report-open", args=[cast.team_a.pk, period.pk])
    )
    report = MonthlyReport.objects.get(team=cast.team_a, period=period)
    assert response.url == report.get_absolute_url()
    assert report.values.count() == 2


def test_looking_at_a_month_starts_nothing(client, cast, measures):
    """GET never writes (issue #14): it offers a button that starts the report by POST."""
    period = cast.collaborative.periods.get(month=dt.date(2026, 3, 1))
    url = reverse("measures:report-open", args=[cast.team_a.pk, period.pk])
    page = as_(client, cast.teacher).get(url)
    assert page.status_code == 200
    assert "Start the report" in page.content.decode()
    assert not MonthlyReport.objects.exists()
    client.post(url)
    report = MonthlyReport.objects.get()
    assert client.get(url).url == report.get_absolute_url()  # once started, GET goes to it


def test_no_one_starts_a_month_that_has_not_begun(client, cast, measures):
    period = cast.collaborative.periods.get(month=dt.date(2026, 5, 1))
    url = reverse("measures:report-open", args=[cast.team_a.pk, period.pk])
    assert as_(client, cast.teacher).get(url).status_code == 404


def test_faculty_cannot_start_a_teams_report(client, cast, measures):
    period = cast.collaborative.periods.get(month=dt.date(2026, 3, 1))
    url = reverse("measures:report-open", args=[cast.team_a.pk, period.pk])
    assert as_(client, cast.faculty).get(url).status_code == 404
    assert not MonthlyReport.objects.exists()


# --- the form ------------------------------------------------------------------------------------


def test_form_shows_each_measure_with_its_definition(client, cast, report):
    page = as_(client, cast.teacher).get(report.get_absolute_url()).content.decode()
    assert 'name="checkin.numerator"' in page
    assert 'name="checkin.denominator"' in page
    assert 'name="removals.value"' in page
    assert 'name="removals.numerator"' not in page
    assert "Share of classroom-days with a check-in" in page
    assert "days open" in page
    assert "Save draft" in page
    assert "Submit" in page
    assert "Mark reviewed" not in page


def test_save_draft_writes_values_and_narrative(client, cast, report):
    data = form(report, **{"checkin.numerator": "3", "checkin.denominator": "10", "removals.value": "2"})
    data["narrative"] = "Calm month"
    response = as_(client, cast.teacher).post(reverse("measures:report-save", args=[report.pk]), data)
    assert response.status_code == 302
    assert value(report, "checkin").numerator == D(3)
    assert value(report, "removals").value == D(2)
    report.refresh_from_db()
    assert report.narrative == "Calm month"
    assert report.status == MonthlyReport.Status.DRAFT


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"checkin.numerator": "12", "checkin.denominator": "10"}, "checkin-numerator", "cannot be larger"),
        ({"checkin.numerator": "-1", "checkin.denominator": "10"}, "checkin-numerator", "cannot be negative"),
        ({"checkin.numerator": "abc", "checkin.denominator": "10"}, "checkin-numerator", "Enter a number"),
        ({"removals.value": "NaN"}, "removals-value", "Enter a number"),
        ({"removals.value": "1.5"}, "removals-value", "whole number"),
    ],
)
def test_errors_are_shown_beside_the_field_and_typing_is_kept(client, cast, report, typed, field, message):
    data = form(report, narrative="Kept text", **typed)
    response = as_(client, cast.teacher).post(reverse("measures:report-save", args=[report.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    error = page.index(f'id="f-{field}-error"')
    assert message in page[error : error + 200]
    assert f'aria-describedby="f-{field}-error"' in page
    for text in typed.values():
        assert f'value="{text}"' in page
    assert "Kept text" in page
    assert all(v.is_blank for v in report.values.all())


def test_htmx_checks_one_row_as_it_is_typed(client, cast, report):
    url = reverse("measures:report-validate", args=[report.pk, "checkin"])
    data = {"checkin.numerator": "12", "checkin.denominator": "10"}
    response = as_(client, cast.teacher).post(url, data, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    error = page.index('id="f-checkin-numerator-error"')
    assert "cannot be larger" in page[error : error + 200]
    assert 'hx-swap-oob="true"' in page
    ok = client.post(url, {"checkin.numerator": "7", "checkin.denominator": "10"}).content.decode()
    assert "cannot be larger" not in ok


def test_a_second_save_from_a_stale_form_is_refused_and_keeps_the_typing(client, cast, report):
    stale = form(report, **{"checkin.numerator": "4", "checkin.denominator": "10"})
    url = reverse("measures:report-save", args=[report.pk])
    first = form(report, **{"checkin.numerator": "3", "checkin.denominator": "10"})
    assert as_(client, cast.director).post(url, first).status_code == 302
    response = as_(client, cast.teacher).post(url, stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this" in page
    assert 'value="4"' in page
    assert value(report, "checkin").numerator == D(3)
    report.refresh_from_db()
    assert f'name="revision" value="{report.revision}"' in page  # saving again is a deliberate choice
    assert client.post(url, stale | {"revision": report.revision}).status_code == 302
    assert value(report, "checkin").numerator == D(4)


def test_submit_then_pull_back_then_review(client, cast, report):
    data = form(report, **{"checkin.numerator": "3", "checkin.denominator": "10"}, action="submit")
    as_(client, cast.teacher).post(reverse("measures:report-save", args=[report.pk]), data)
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Pull back to draft" in page
    assert 'name="checkin.numerator"' not in page
    client.post(reverse("measures:report-pull-back", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.DRAFT
    report_submit(report=report, by=cast.teacher)
    page = as_(client, cast.faculty).get(report.get_absolute_url()).content.decode()
    assert "Mark reviewed" in page
    client.post(reverse("measures:report-review", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.REVIEWED
    assert report.reviewed_by == cast.faculty


def test_a_reviewed_report_cannot_be_pulled_back_or_saved(client, cast, report):
    report_submit(report=report, by=cast.teacher)
    report_review(report=report, by=cast.faculty)
    as_(client, cast.teacher)
    assert client.post(reverse("measures:report-pull-back", args=[report.pk])).status_code == 403
    save = client.post(reverse("measures:report-save", args=[report.pk]), form(report))
    assert save.status_code == 403


def test_a_submitted_report_cannot_be_saved(client, cast, report):
    report_submit(report=report, by=cast.teacher)
    data = form(report, **{"checkin.numerator": "3", "checkin.denominator": "10"})
    page = as_(client, cast.teacher).post(reverse("measures:report-save", args=[report.pk]), data)
    assert "pull it back" in page.content.decode()


def test_only_faculty_and_staff_mark_reviewed(client, cast, report):
    report_submit(report=report, by=cast.teacher)
    for person in ("teacher", "evaluator"):
        response = as_(client, getattr(cast, person)).post(
            reverse("measures:report-review", args=[report.pk])
        )
        assert response.status_code == 403
    assert as_(client, cast.outsider).get(report.get_absolute_url()).status_code == 404


# --- comments ------------------------------------------------------------------------------------


def test_faculty_comments_and_the_team_answers(client, cast, report):
    url = reverse("measures:report-comment", args=[report.pk])
    response = as_(client, cast.faculty).post(url, {"body": "What changed in week 2?"})
    assert response.status_code == 302
    partial = as_(client, cast.teacher).post(url, {"body": "New routine"}, headers={"HX-Request": "true"})
    page = partial.content.decode()
    assert "<html" not in page
    assert 'id="thread"' in page
    assert "What changed in week 2?" in page
    assert "New routine" in page
    assert [c.author for c in comments_on(report)] == [cast.faculty, cast.teacher]


def test_an_empty_comment_is_refused_beside_the_box(client, cast, report):
    url = reverse("measures:report-comment", args=[report.pk])
    response = as_(client, cast.teacher).post(url, {"body": "  "}, headers={"HX-Request": "true"})
    assert "Write a comment first." in response.content.decode()
    assert not comments_on(report).exists()


# --- the review queue ----------------------------------------------------------------------------


def test_review_queue_lists_submitted_reports_and_new_cycles(client, cast, report):
    report_submit(report=report, by=cast.teacher)
    cycle = make_cycle(cast.team_b, by=cast.outsider, objective="Try a visual schedule")
    page = as_(client, cast.faculty).get(reverse("measures:review-queue")).content.decode()
    assert report.get_absolute_url() in page
    assert "Try a visual schedule" in page
    assert str(cycle) in page


def test_review_queue_puts_a_facultys_own_teams_first(client, cast, measures):
    from tests.factories import make_member

    make_member(cast.faculty, "faculty", cast.collaborative, cast.team_b)
    period = cast.collaborative.periods.get(month=dt.date(2026, 2, 1))
    a = report_open(team=cast.team_a, period=period, by=cast.teacher)
    report_submit(report=a, by=cast.teacher)
    b = report_open(team=cast.team_b, period=period, by=cast.outsider)
    report_submit(report=b, by=cast.outsider)
    page = as_(client, cast.faculty).get(reverse("measures:review-queue")).content.decode()
    assert page.index(b.get_absolute_url()) < page.index(a.get_absolute_url())
    assert "Your team" in page


def test_reviewed_reports_leave_the_queue(client, cast, report):
    report_submit(report=report, by=cast.teacher)
    report_review(report=report, by=cast.faculty)
    page = as_(client, cast.staff).get(reverse("measures:review-queue")).content.decode()
    assert report.get_absolute_url() not in page


# --- measures ------------------------------------------------------------------------------------


def test_measure_list_shows_current_versions(client, cast, measures):
    page = as_(client, cast.teacher).get(reverse("measures:measure-list")).content.decode()
    assert measures[0].name in page
    assert "v1 from January 2026" in page
    assert "New measure" not in page
    assert "New measure" in as_(client, cast.staff).get(reverse("measures:measure-list")).content.decode()


def test_staff_create_a_measure(client, cast):
    data = {
        "collaborative": cast.collaborative.pk,
        "code": "calm",
        "name_en": "Calm transitions",
        "kind": "process",
        "better": "up",
        "requirement": "required",
        "order": "3",
        "effective_from": "2026-02-01",
        "definition_en": "Transitions without a removal",
        "numerator_definition_en": "calm transitions",
        "denominator_definition_en": "transitions observed",
        "unit": "percent",
        "multiplier": "100",
        "goal": "90",
    }
    response = as_(client, cast.staff).post(reverse("measures:measure-create"), data)
    measure = Measure.objects.get(code="calm")
    assert response.url == reverse("measures:measure-detail", args=[measure.pk])
    assert measure.current_version.denominator_definition == "transitions observed"
    again = client.post(
        reverse("measures:measure-create"), data | {"code": "calm2", "effective_from": "2026-02-03"}
    )
    assert again.status_code == 200
    assert "first day of a month" in again.content.decode()
    assert not Measure.objects.filter(code="calm2").exists()  # the measure and its version, or neither
    twice = client.post(reverse("measures:measure-create"), data).content.decode()
    assert "already exists" in twice


def test_a_percent_measure_needs_a_denominator_definition(client, cast):
    data = {
        "collaborative": cast.collaborative.pk,
        "code": "x",
        "name_en": "X",
        "kind": "process",
        "better": "up",
        "requirement": "required",
        "order": "0",
        "effective_from": "2026-02-01",
        "definition_en": "Something",
        "unit": "percent",
        "multiplier": "100",
    }
    page = as_(client, cast.staff).post(reverse("measures:measure-create"), data).content.decode()
    assert "needs a denominator definition" in page
    assert not Measure.objects.filter(code="x").exists()


def test_staff_revise_a_definition_and_see_the_history(client, cast, measures):
    measure = measures[0]
    url = reverse("measures:measure-revise", args=[measure.pk])
    page = as_(client, cast.staff).get(url).content.decode()
    assert "Share of classroom-days with a check-in" in page  # starts from the current version
    data = {
        "definition_en": "Share of classroom-days with a morning check-in",
        "numerator_definition_en": "days with a check-in before 9",
        "denominator_definition_en": "days open",
        "unit": "percent",
        "multiplier": "100",
        "goal": "85",
        "effective_from": "2026-04-01",
        "change_reason_en": "Check-ins after nine were not comparable.",
    }
    assert client.post(url, data).status_code == 302
    assert measure.current_version.number == 2
    detail = client.get(reverse("measures:measure-detail", args=[measure.pk])).content.decode()
    assert "Version 2, in force from April 2026" in detail
    assert "not comparable" in detail
    unchanged = client.post(url, data | {"effective_from": "2026-05-01"}).content.decode()
    assert "Nothing in the definition changed." in unchanged


@pytest.mark.parametrize("person", ["faculty", "teacher", "evaluator"])
def test_only_staff_set_up_measures(client, cast, measures, person):
    as_(client, getattr(cast, person))
    assert client.get(reverse("measures:measure-create")).status_code == 403
    assert client.get(reverse("measures:measure-revise", args=[measures[0].pk])).status_code == 403


def test_staff_open_a_teams_month_by_post(client, cast, measures):
    period = cast.collaborative.periods.get(month=dt.date(2026, 2, 1))
    url = reverse("measures:report-open", args=[cast.team_b.pk, period.pk])
    response = as_(client, cast.staff).post(url)
    report = MonthlyReport.objects.get(team=cast.team_b, period=period)
    assert response.url == report.get_absolute_url()


def test_a_period_of_another_collaborative_is_not_found(client, cast, measures):
    from tests.factories import make_collaborative

    other = make_collaborative().periods.first()
    url = reverse("measures:report-open", args=[cast.team_a.pk, other.pk])
    assert as_(client, cast.teacher).get(url).status_code == 404


def test_a_superuser_sees_every_team(client, cast, report):
    from tests.factories import make_user

    admin = make_user("admin", is_superuser=True, is_staff=True)
    page = as_(client, admin).get(reverse("measures:report-list")).content.decode()
    assert report.get_absolute_url() in page
    assert as_(client, admin).get(reverse("measures:review-queue")).status_code == 200


def test_review_queue_works_without_the_pdsa_pages(client, cast, monkeypatch):
    from django.urls import NoReverseMatch

    import breakthrough.measures.views as views

    def missing(name, *args, **kwargs):
        raise NoReverseMatch(name)

    make_cycle(cast.team_a, by=cast.teacher, objective="Greet each child at the door")
    monkeypatch.setattr(views, "reverse", missing)
    page = as_(client, cast.faculty).get(reverse("measures:review-queue")).content.decode()
    assert "Greet each child at the door" in page


def test_a_counted_numerator_is_shown_read_only_with_its_count(client, cast, measures):
    from breakthrough.incidents.services import incident_report

    make_measure(
        cast.collaborative,
        unit=Measure.Unit.RATE,
        code="incidents",
        numerator_source=Measure.NumeratorSource.INCIDENT_REPORTS,
    )
    for day in (2, 3):
        incident_report(
            by=cast.teacher,
            team=cast.team_a,
            demographics={},
            child_code="K1",
            occurred_on=dt.date(2026, 3, day),
            activity="circle",
            behavior="hit",
        )
    period = cast.collaborative.periods.get(month=dt.date(2026, 3, 1))
    url = reverse("measures:report-open", args=[cast.team_a.pk, period.pk])
    page = as_(client, cast.teacher).post(url, follow=True).content.decode()
    assert 'name="incidents.numerator"' not in page  # nothing to type
    assert 'id="f-incidents-numerator"' in page
    assert "readonly" in page
    assert "Counted from 2 incident reports this month." in page
    assert 'name="incidents.denominator"' in page
    report = MonthlyReport.objects.get(team=cast.team_a, period=period)
    data = form(report, **{"incidents.numerator": "50", "incidents.denominator": "400"})
    response = client.post(reverse("measures:report-save", args=[report.pk]), data)
    assert response.status_code == 302
    assert (value(report, "incidents").numerator, value(report, "incidents").denominator) == (D(2), D(400))
    check = reverse("measures:report-validate", args=[report.pk, "incidents"])
    ok = client.post(check, {"incidents.denominator": "400"}, headers={"HX-Request": "true"})
    assert "Enter both" not in ok.content.decode()


def test_every_error_shows_at_once_with_a_summary_linking_to_its_field(client, cast, report):
    # One unreadable number and a rule broken in another measure: both are named after one submit.
    data = form(report, **{"checkin.numerator": "12", "checkin.denominator": "10", "removals.value": "lots"})
    response = as_(client, cast.teacher).post(reverse("measures:report-save", args=[report.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    summary = page[page.index('id="form-errors"') : page.index("</div>", page.index('id="form-errors"'))]
    assert "2 things to fix, nothing was saved:" in summary
    assert 'href="#f-checkin-numerator"' in summary
    assert "cannot be larger" in summary
    assert 'href="#f-removals-value"' in summary
    assert "Enter a number" in summary
    assert all(v.is_blank for v in report.values.all())  # the rules were checked, nothing was written
    report.refresh_from_db()
    assert report.revision == data["revision"]


def test_each_field_says_what_it_counts(client, cast, report):
    page = as_(client, cast.teacher).get(reverse("measures:report-detail", args=[report.pk])).content.decode()
    label = page[page.index('<label for="f-checkin-numerator"') :][:300]
    assert "Numerator: <span" in label
    assert "days with a check-in" in label
    assert "days open" in page[page.index('<label for="f-checkin-denominator"') :][:300]


def test_a_counted_numerator_asks_only_for_the_denominator(client, cast):
    from tests.factories import make_incident, make_incidents_measure

    make_incidents_measure(cast.collaborative)
    make_incident(cast.team_a, cast.teacher, dt.date(2026, 3, 2))
    period = cast.collaborative.periods.get(month=dt.date(2026, 3, 1))
    report = report_open(team=cast.team_a, period=period, by=cast.teacher)
    code = report.values.get().measure.code
    response = as_(client, cast.teacher).post(
        reverse("measures:report-save", args=[report.pk]), form(report, **{f"{code}.denominator": ""})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "the numerator is counted from this month&#x27;s incident reports" in page
    assert "or leave both blank" not in page
