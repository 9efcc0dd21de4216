"""Imports preview, then apply whole or not at all; errors name file, row and column; a re-upload changes
nothing. The team's Excel template round trip goes through the pages (client) here and the browser in
test_browser."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from breakthrough.collaboratives.models import Classroom, Invitation, Program, Team
from breakthrough.core.models import AuditRecord
from breakthrough.imports import services
from breakthrough.imports.models import ImportBatch
from breakthrough.incidents.models import DemographicCategory, Incident
from breakthrough.measures import services as measure_services
from breakthrough.measures.models import MeasureValue, MonthlyReport
from tests.factories import make_incidents_measure, make_measure


@pytest.fixture
def measures(cast):
    return make_measure(cast.collaborative, code="checkin"), make_measure(
        cast.collaborative, unit="count", code="calls"
    )


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def filled_template(client, team, rows):
    """The team's template as downloaded, with ``rows`` ({month: {column: value}}) typed in with openpyxl."""
    response = client.get(reverse("imports:team-template", args=[team.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["data"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for column, value in rows.get(row[0].value, {}).items():
            row[header.index(column)].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), header


def upload(client, url, name, data):
    return client.post(url, {"file": _named(name, data)}, follow=True)


def _named(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


def values_of(team):
    return {
        (v.report.period.month.strftime("%Y-%m"), v.measure.code): (v.numerator, v.denominator, v.value)
        for v in MeasureValue.objects.filter(report__team=team).select_related("report__period", "measure")
        if not v.is_blank
    }


def test_the_template_holds_the_teams_measures_months_definitions_and_validation(cast, measures):
    client = client_for(cast.teacher)
    data, header = filled_template(client, cast.team_a, {})
    assert header == ["month", "checkin.numerator", "checkin.denominator", "calls"]
    book = load_workbook(io.BytesIO(data))
    months = [r[0].value for r in book["data"].iter_rows(min_row=2)]
    assert months == [m.strftime("%Y-%m") for m in cast.collaborative.reporting_months()]
    rules = book["data"].data_validations.dataValidation
    assert {r.type for r in rules} == {"list", "decimal", "whole"}
    definitions = [r[3].value for r in book["measures"].iter_rows(min_row=2)]
    assert definitions[0] == "Share of classroom-days with a check-in"
    assert "Share of classroom-days" in book["data"]["B1"].comment.text


def test_two_months_filled_offline_land_as_drafts_and_a_re_upload_changes_nothing(cast, measures):
    client = client_for(cast.teacher)
    m1, m2 = [m.strftime("%Y-%m") for m in cast.collaborative.reporting_months()[:2]]
    data, _h = filled_template(
        client,
        cast.team_a,
        {
            m1: {"checkin.numerator": 12, "checkin.denominator": 20, "calls": 3},
            m2: {"checkin.numerator": "15", "checkin.denominator": "1,000", "calls": 4},
        },
    )
    url = reverse("imports:team-upload", args=[cast.team_a.pk])
    page = upload(client, url, "ours.xlsx", data)
    assert "Will be created: 2" in page.content.decode()
    assert not MonthlyReport.objects.filter(team=cast.team_a).exists()  # a preview writes nothing
    batch = ImportBatch.objects.get()
    done = client.post(reverse("imports:batch-apply", args=[batch.pk]), follow=True)
    assert "The file was imported." in done.content.decode()
    assert values_of(cast.team_a) == {
        (m1, "checkin"): (Decimal("12"), Decimal("20"), None),
        (m1, "calls"): (None, None, Decimal("3")),
        (m2, "checkin"): (Decimal("15"), Decimal("1000"), None),
        (m2, "calls"): (None, None, Decimal("4")),
    }
    assert set(MonthlyReport.objects.filter(team=cast.team_a).values_list("status", flat=True)) == {"draft"}
    audits = AuditRecord.objects.count()
    again = upload(client, url, "ours.xlsx", data)
    assert "Left alone (already as in the file): 2" in again.content.decode()
    client.post(reverse("imports:batch-apply", args=[ImportBatch.objects.first().pk]))
    assert AuditRecord.objects.count() == audits + 1  # the import's own record, and no value rewritten


def test_a_broken_file_gets_row_and_column_errors_and_changes_nothing(cast, measures):
    client = client_for(cast.teacher)
    m1, m2 = [m.strftime("%Y-%m") for m in cast.collaborative.reporting_months()[:2]]
    data, _h = filled_template(
        client,
        cast.team_a,
        {
            m1: {"checkin.numerator": 30, "checkin.denominator": 20, "calls": 2},
            m2: {"checkin.numerator": "many", "calls": "2.5"},
        },
    )
    page = upload(client, reverse("imports:team-upload", args=[cast.team_a.pk]), "broken.xlsx", data)
    text = page.content.decode()
    assert (
        "broken.xlsx, row 2, column “checkin.numerator”: The numerator cannot be larger than the denominator."
        in text
    )
    assert "broken.xlsx, row 3, column “checkin.numerator”: Expected a number, not “many”." in text
    assert "broken.xlsx, row 3, column “calls”: A count is a whole number." in text
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REFUSED
    client.post(reverse("imports:batch-apply", args=[batch.pk]))
    assert not MeasureValue.objects.filter(report__team=cast.team_a).exists()


def test_a_team_member_cannot_import_into_another_team(cast, measures):
    client = client_for(cast.outsider)
    assert client.get(reverse("imports:team-template", args=[cast.team_a.pk])).status_code == 404


def test_a_submitted_month_is_refused_until_pulled_back(cast, measures):
    period = cast.collaborative.periods.order_by("month").first()
    report = measure_services.report_open(team=cast.team_a, period=period, by=cast.teacher)
    measure_services.report_submit(report=report, by=cast.teacher)
    csv = f"team,month,measure,value\n{cast.team_a.name},{period.month:%Y-%m},calls,7\n".encode()
    _batch, plan = services.import_preview(
        by=cast.staff, collaborative=cast.collaborative, kind="values", file_name="v.csv", data=csv
    )
    assert [str(p) for p in plan.problems] == [
        "v.csv, row 2, column “month”: This month's report is submitted; "
        "pull it back to a draft before importing into it."
    ]


def test_many_teams_in_one_long_file_with_messy_cells(cast, measures):
    months = cast.collaborative.reporting_months()
    lines = [
        "\ufeffTeam , MONTH,Measure,Numerator,Denominator,Value,Comment",
        f'{cast.team_a.name},{months[0]:%B %Y},checkin,"1,200","2,000",,ok',
        f"{cast.team_b.name.upper()},{months[1]:%m/%d/%Y},calls,,,5,",
        f"{cast.team_b.name},{months[1]:%Y-%m},checkin,'3,4,,",
        ",,,,,,",
        ",,,,,,",
    ]
    data = "\r\n".join(lines).encode("utf-8")
    batch, plan = services.import_preview(
        by=cast.staff, collaborative=cast.collaborative, kind="values", file_name="all.csv", data=data
    )
    assert plan.problems == []
    assert plan.notes == ["Columns ignored (not part of this import): comment."]
    assert len(plan.created) == 2  # team A's first month, team B's second (two values)
    services.import_apply(batch=batch, by=cast.staff)
    assert values_of(cast.team_a) == {
        (f"{months[0]:%Y-%m}", "checkin"): (Decimal("1200"), Decimal("2000"), None)
    }
    assert values_of(cast.team_b) == {
        (f"{months[1]:%Y-%m}", "calls"): (None, None, Decimal("5")),
        (f"{months[1]:%Y-%m}", "checkin"): (Decimal("3"), Decimal("4"), None),
    }


def test_counted_numerators_are_not_typed(cast):
    make_incidents_measure(cast.collaborative)
    month = cast.collaborative.reporting_months()[0]
    csv = f"team,month,measure,numerator,denominator\n{cast.team_a.name},{month:%Y-%m},incidents,4,100\n"
    csv = csv.encode()
    _b, plan = services.import_preview(
        by=cast.staff, collaborative=cast.collaborative, kind="values", file_name="v.csv", data=csv
    )
    assert [str(p) for p in plan.problems] == [
        "v.csv, row 2, column “numerator”: Leave this blank: this measure takes denominator."
    ]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "v.csv",
            "team,month,measure,value\nA,2026-01,calls,é\n".encode("latin-1"),
            "v.csv: The file is not UTF-8 text (byte 41). Save it as “CSV UTF-8” and upload it again.",
        ),
        ("v.csv", b"team,measure,value\n", "v.csv, row 1, column “month”: This column is missing"),
        (
            "v.csv",
            b"team,month,measure,value\nA,2026-01,calls,=1+1\n",
            "v.csv, row 2, column “value”: This cell holds a formula; put its value instead.",
        ),
        ("v.pdf", b"%PDF", "v.pdf: Upload a .csv or .xlsx file."),
        ("v.xlsx", b"not a zip", "v.xlsx: This is not an Excel workbook (.xlsx)."),
    ],
)
def test_files_that_cannot_be_read_are_refused_clearly(cast, measures, name, data, expected):
    batch, plan = services.import_preview(
        by=cast.staff, collaborative=cast.collaborative, kind="values", file_name=name, data=data
    )
    assert plan is None
    assert batch.status == ImportBatch.Status.REFUSED
    assert batch.summary["problems"][0].startswith(expected)


@override_settings(IMPORT_MAX_BYTES=100)
def test_a_file_over_the_limit_is_refused_before_it_is_read(cast):
    client = client_for(cast.staff)
    url = reverse("imports:upload", args=[cast.collaborative.slug, "values"])
    page = client.post(url, {"file": _named("big.csv", b"x" * 101)})
    assert "The file is 101 bytes; the limit is 100 bytes." in page.content.decode()
    assert not ImportBatch.objects.exists()


def preview_apply(cast, kind, data, name="f.csv"):
    batch, plan = services.import_preview(
        by=cast.staff,
        collaborative=cast.collaborative,
        kind=kind,
        file_name=name,
        data=data,
        base_url="http://x/",
    )
    assert plan is not None
    assert plan.problems == [], plan.problems
    services.import_apply(batch=batch, by=cast.staff, base_url="http://x/")
    return plan


def test_programs_and_classrooms_are_created_then_left_alone_then_changed(cast):
    data = (
        b"program,kind,city,team,classroom,classroom_code,age_group,participation\n"
        b"Sunrise Center,Child care center,Boston,Sunrise team,Blue room,SUN-1,preschool,participating\n"
        b"Sunrise Center,child_care_center,Boston,,Green room,SUN-2,Toddler,spread\n"
    )
    plan = preview_apply(cast, "programs", data)
    assert len(plan.created) == 4  # the program, its team, two classrooms
    program = Program.objects.get(name="Sunrise Center")
    assert program.city == "Boston"
    assert program.kind == "child_care_center"
    assert Team.objects.get(program=program).collaborative == cast.collaborative
    assert Classroom.objects.get(code="SUN-2").age_group == "toddler"
    again = preview_apply(cast, "programs", data)
    assert again.created == []
    assert again.changed == []
    assert len(again.unchanged) == 3
    moved = preview_apply(cast, "programs", data.replace(b"Boston", b"Cambridge"))
    assert moved.changed == ["program Sunrise Center"]
    assert Program.objects.get(name="Sunrise Center").city == "Cambridge"


def test_people_get_invitations_once(cast):
    data = "email,role,team,language\n"
    data += f"new.teacher@example.org,teacher,{cast.team_a.name},es\nfund@example.org,Viewer,,\n"
    plan = preview_apply(cast, "people", data.encode())
    assert len(plan.created) == 2
    assert len(mail.outbox) == 2
    assert Invitation.objects.get(email="new.teacher@example.org").language == "es"
    again = preview_apply(cast, "people", data.encode())
    assert again.created == []
    assert len(again.unchanged) == 2
    assert len(mail.outbox) == 2


def test_a_team_role_without_a_team_is_refused_by_row_and_column(cast):
    _b, plan = services.import_preview(
        by=cast.staff,
        collaborative=cast.collaborative,
        kind="people",
        file_name="p.csv",
        data=b"email,role,team\nx@example.org,teacher,\nnot-an-email,viewer,\n",
    )
    assert [str(p) for p in plan.problems] == [
        "p.csv, row 2, column “team”: A team role names its team.",
        "p.csv, row 3, column “email”: Expected an email address.",
    ]


def test_behavior_incidents_with_demographics(cast):
    DemographicCategory.objects.create(
        collaborative=cast.collaborative, code="gender", name="Gender", options=["Girl", "Boy"]
    )
    day = cast.collaborative.start_date
    data = (
        "team,child_code,date,time,activity,behavior,outcome,gender\n"
        f"{cast.team_a.name},K7,{day:%m/%d/%Y},2:30 PM,circle time,hitting,none,girl\n"
        f"{cast.team_a.name},K8,{day:%Y-%m-%d},,meals,biting,,Boy\n"
    ).encode()
    plan = preview_apply(cast, "incidents", data)
    assert len(plan.created) == 2
    first = Incident.objects.get(child_code="K7")
    assert first.demographics == {"gender": "Girl"}
    assert first.occurred_at.hour == 14
    assert preview_apply(cast, "incidents", data).created == []
    _b, bad = services.import_preview(
        by=cast.staff,
        collaborative=cast.collaborative,
        kind="incidents",
        file_name="i.csv",
        data=data.replace(b"girl", b"other").replace(f"{day:%Y-%m-%d}".encode(), b"31/31/2026"),
    )
    assert [str(p) for p in bad.problems] == [
        "i.csv, row 2, column “gender”: Expected one of: Girl, Boy.",
        "i.csv, row 3, column “date”: Expected a date like 2026-03-15 or 3/15/2026, not “31/31/2026”.",
    ]


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens connections, as in production
@pytest.mark.xdist_group("worker")
@override_settings(IMPORT_BACKGROUND_ROWS=2)
def test_a_large_import_is_applied_by_the_worker_and_its_page_follows_it(cast, measures):
    from django.core.management import call_command

    client = client_for(cast.teacher)
    m1, m2 = [m.strftime("%Y-%m") for m in cast.collaborative.reporting_months()[:2]]
    data, _h = filled_template(
        client,
        cast.team_a,
        {
            m1: {"checkin.numerator": 12, "checkin.denominator": 20},
            m2: {"checkin.numerator": 9, "checkin.denominator": 30, "calls": 1},
        },
    )
    upload(client, reverse("imports:team-upload", args=[cast.team_a.pk]), "two.xlsx", data)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEWED
    queued = client.post(reverse("imports:batch-apply", args=[batch.pk]), follow=True)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED
    assert queued.headers["Refresh"] == "3"
    assert "being imported in the background" in queued.content.decode()
    assert not MonthlyReport.objects.filter(team=cast.team_a).exists()  # nothing yet, in the request
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert values_of(cast.team_a)[(m1, "checkin")] == (Decimal("12"), Decimal("20"), None)
    done = client.get(reverse("imports:batch-detail", args=[batch.pk]))
    assert "Refresh" not in done.headers
    assert AuditRecord.objects.filter(action=AuditRecord.Action.IMPORT).count() == 1
