"""Exports of the demo collaborative read back in every format with the database's row counts; who may take
out what; de-identification, free text, date shifts, formula cells; the audit trail; the command."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
import time_machine
from click.testing import CliRunner

from breakthrough.cli import main
from breakthrough.collaboratives.models import Collaborative, Membership, Role
from breakthrough.core.models import AuditRecord
from breakthrough.demo import build_demo
from breakthrough.events.models import Attendance
from breakthrough.exports import services
from breakthrough.exports.models import Export
from breakthrough.incidents.models import Incident
from breakthrough.measures.models import MeasureValue, MonthlyReport
from breakthrough.pdsa.models import PDSACycle
from breakthrough.study.models import Answer, Observation, Response
from tests.conftest import kept_for_the_module
from tests.factories import make_measure, make_member, make_program, make_team, make_user

pytestmark = pytest.mark.xdist_group("exports-demo")  # one worker builds the demo, once


@pytest.fixture(scope="module")
def demo_built_once(django_db_setup, django_db_blocker):
    """The demo of seed 7, built once for this module's tests (tests/conftest.py), as of a pinned day."""
    with kept_for_the_module(django_db_blocker):
        with time_machine.travel("2026-06-05 12:00+00:00"):
            pk = build_demo(seed=7).pk
        yield pk


@pytest.fixture
def demo(demo_built_once, db, time_machine):
    time_machine.move_to("2026-06-05 12:00+00:00")  # the day the demo was built
    return Collaborative.objects.get(pk=demo_built_once)


def person(collab, role):
    return Membership.objects.filter(collaborative=collab, role=role).first().user


def db_counts(collab):
    """The rows each table should hold, counted here with the ORM independently of the export code."""
    return {
        "monthly_values": MeasureValue.objects.filter(
            report__team__collaborative=collab, archived_at__isnull=True
        ).count(),
        "reports": MonthlyReport.objects.filter(team__collaborative=collab, archived_at__isnull=True).count(),
        "pdsa_cycles": PDSACycle.objects.filter(
            ramp__team__collaborative=collab, archived_at__isnull=True
        ).count(),
        "attendance": Attendance.objects.filter(
            event__collaborative=collab, archived_at__isnull=True
        ).count(),
        "survey_responses": Response.objects.filter(
            wave__collaborative=collab, archived_at__isnull=True
        ).count(),
        "survey_answers": Answer.objects.filter(response__wave__collaborative=collab).count(),
        "observations": Observation.objects.filter(
            wave__collaborative=collab, archived_at__isnull=True
        ).count(),
        "incidents": Incident.objects.filter(team__collaborative=collab, archived_at__isnull=True).count(),
    }


def run(user, collab, fmt, tmp_path, **options):
    export = services.export_create(user=user, collaborative=collab, fmt=fmt, **options)
    path = services.export_run(export=export, out_dir=tmp_path)
    folder = tmp_path / f"{fmt}-{export.pk}"
    with zipfile.ZipFile(path) as z:
        z.extractall(folder)
    return folder


def read_back(folder: Path, fmt: str) -> dict[str, pd.DataFrame]:
    tables = folder / "tables"
    if fmt == "csv":
        return {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""]) for p in tables.glob("*.csv")}
    if fmt == "xlsx":
        sheets = pd.read_excel(tables / "tables.xlsx", sheet_name=None)
        return {name: frame for name, frame in sheets.items() if name != "codebook"}
    if fmt == "parquet":
        return {p.stem: pd.read_parquet(p) for p in tables.glob("*.parquet")}
    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    return {p.stem: reader(str(p))[0] for p in tables.glob(f"*.{fmt}")}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "sav", "dta"])
def test_every_format_reads_back_with_the_databases_row_counts(demo, tmp_path, fmt):
    staff = person(demo, Role.PROJECT_STAFF)
    expected = db_counts(demo)
    assert min(expected.values()) > 0, expected  # the demo has rows in every table counted here
    tables = read_back(run(staff, demo, fmt, tmp_path), fmt)
    assert {name: len(tables[name]) for name in expected} == expected
    assert set(tables) == set(services.TABLES)  # staff take out every table


@pytest.mark.parametrize("fmt", ["sav", "dta"])
def test_spss_and_stata_files_carry_variable_and_value_labels(demo, tmp_path, fmt):
    folder = run(person(demo, Role.EVALUATOR), demo, fmt, tmp_path, tables=["reports"])
    reader = pyreadstat.read_sav if fmt == "sav" else pyreadstat.read_dta
    frame, meta = reader(str(folder / "tables" / f"reports.{fmt}"))
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["due_date"] == "report due"
    status_labels = meta.variable_value_labels["status"]
    assert status_labels == {1.0: "Draft", 2.0: "Submitted", 3.0: "Reviewed"}
    submitted = MonthlyReport.objects.filter(team__collaborative=demo, status="submitted").count()
    assert int((frame["status"] == 2).sum()) == submitted
    assert meta.variable_value_labels["late"] == {0.0: "No", 1.0: "Yes"}


def test_the_codebook_readme_and_r_script_travel_with_the_csvs(demo, tmp_path):
    folder = run(person(demo, Role.EVALUATOR), demo, "csv", tmp_path)
    codebook = list(csv.DictReader((folder / "codebook.csv").open(encoding="utf-8")))
    measure = next(r for r in codebook if r["table"] == "monthly_values" and r["variable"] == "measure")
    first = demo.measures.order_by("order").first()
    assert f"{first.code} = {first.name}" in measure["values"]
    assert first.current_version.definition[:40] in measure["definition"]  # the operational definition
    readme = (folder / "README.txt").read_text()
    assert demo.name in readme
    assert "fewer than 5 teams" in readme
    script = (folder / "read_tables.R").read_text()
    assert 'tables$monthly_values <- label_variables(d, "monthly_values")' in script
    assert (
        'levels = c("draft", "submitted", "reviewed"), labels = c("Draft", "Submitted", "Reviewed")' in script
    )


def test_an_evaluators_export_is_de_identified_and_leaves_free_text_out(demo, tmp_path):
    evaluator = person(demo, Role.EVALUATOR)
    with pytest.raises(Exception, match="de-identified"):
        services.export_create(user=evaluator, collaborative=demo, fmt="csv", identified=True)
    tables = read_back(run(evaluator, demo, "csv", tmp_path), "csv")
    assert "narrative" not in tables["reports"]
    assert "submitted_by_name" not in tables["reports"]
    assert "objective" not in tables["pdsa_cycles"]
    assert "text" not in tables["interview_excerpts"]
    codes = set(tables["attendance"]["person"])
    assert all(code.startswith("M-") for code in codes)
    people = [m.user for m in Membership.objects.filter(collaborative=demo).select_related("user")]
    text = "".join(p.read_text() for p in (tmp_path).rglob("*.csv"))
    assert all(p.email not in text and p.get_full_name() not in text for p in people if p.last_name)
    children = set(Incident.objects.filter(team__collaborative=demo).values_list("child_code", flat=True))
    assert not children & set(tables["incidents"]["child"])  # pseudonyms, not the programs' codes


def test_staff_may_export_identified_with_free_text(demo, tmp_path):
    staff = person(demo, Role.PROJECT_STAFF)
    tables = read_back(run(staff, demo, "csv", tmp_path, identified=True, free_text=True), "csv")
    assert "narrative" in tables["reports"]
    assert "person_email" in tables["attendance"]
    emails = set(tables["attendance"]["person_email"].dropna())
    assert emails
    assert emails <= set(Membership.objects.values_list("user__email", flat=True))


def test_dates_shift_by_one_stable_offset_per_respondent(demo, tmp_path):
    evaluator = person(demo, Role.EVALUATOR)
    plain = read_back(run(evaluator, demo, "csv", tmp_path, tables=["survey_responses"]), "csv")
    a = read_back(run(evaluator, demo, "csv", tmp_path, tables=["survey_responses"], shift_dates=True), "csv")
    b = read_back(run(evaluator, demo, "csv", tmp_path, tables=["survey_responses"], shift_dates=True), "csv")
    days = (
        pd.to_datetime(a["survey_responses"]["submitted_at"])
        - pd.to_datetime(plain["survey_responses"]["submitted_at"])
    ).dt.days
    assert list(a["survey_responses"]["submitted_at"]) == list(b["survey_responses"]["submitted_at"])
    assert days.abs().max() <= 30
    assert days.nunique() > 1
    by_person = pd.DataFrame({"who": plain["survey_responses"]["respondent"], "days": days})
    assert (by_person.groupby("who")["days"].nunique() == 1).all()  # one offset for each respondent


def test_an_observers_export_holds_their_visits_and_no_participation(demo, tmp_path):
    visit = Observation.objects.filter(wave__collaborative=demo).first()
    observer = visit.observer
    assert not Membership.objects.filter(user=observer).exclude(role=Role.OBSERVER).exists()
    assert {t.name for t in services.tables_for(observer, demo)} == {"observations", "observation_scores"}
    for fmt in ("csv", "xlsx", "sav"):
        folder = run(observer, demo, fmt, tmp_path)
        tables = read_back(folder, fmt)
        assert len(tables["observations"]) == Observation.objects.filter(observer=observer).count()
        everything = " ".join(p.read_bytes().decode("latin-1") for p in folder.rglob("*") if p.is_file())
        assert "participation" not in everything.lower()
        assert "participating" not in everything.lower()
        assert "spread" not in everything.lower()


def test_a_viewer_gets_only_suppressed_aggregates(demo, tmp_path):
    viewer = person(demo, Role.VIEWER)
    assert {t.name for t in services.tables_for(viewer, demo)} == {"measures", "measure_summary"}
    with pytest.raises(Exception, match="not yours"):
        services.export_create(user=viewer, collaborative=demo, fmt="csv", tables=["monthly_values"])
    summary = read_back(run(viewer, demo, "csv", tmp_path), "csv")["measure_summary"]
    shown = summary[summary["suppressed"] == 0]
    assert (shown["teams_reporting"] >= 5).all()
    assert summary.loc[summary["suppressed"] == 1, "mean_result"].isna().all()


def test_small_cells_are_suppressed_for_viewers(cast, tmp_path):
    measure = make_measure(cast.collaborative, unit="count")
    period = cast.collaborative.periods.first()
    for team in (cast.team_a, cast.team_b):
        report = MonthlyReport.objects.create(team=team, period=period)
        MeasureValue.objects.create(
            report=report, measure=measure, measure_version=measure.current_version, value=3
        )
    summary = read_back(run(cast.viewer, cast.collaborative, "csv", tmp_path), "csv")["measure_summary"]
    assert list(summary["suppressed"]) == [1]
    assert summary["teams_reporting"].isna().all()
    staff = read_back(run(cast.staff, cast.collaborative, "csv", tmp_path), "csv")["monthly_values"]
    assert list(staff["value"]) == [3.0, 3.0]


def test_formula_cells_are_neutralised_and_excel_gets_a_bom(cast, tmp_path):
    cycle_team = make_team(cast.collaborative, program=make_program(name="=HYPERLINK(evil)"))
    make_member(make_user("t2"), Role.TEACHER, cast.collaborative, cycle_team)
    report = MonthlyReport.objects.create(team=cycle_team, period=cast.collaborative.periods.first())
    assert report.pk
    folder = run(cast.staff, cast.collaborative, "csv", tmp_path, tables=["reports"], excel_bom=True)
    raw = (folder / "tables" / "reports.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["team"] == "'=HYPERLINK(evil) team"
    plain = run(cast.staff, cast.collaborative, "csv", tmp_path, tables=["reports"])
    assert not (plain / "tables" / "reports.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_every_export_is_in_the_audit_trail(cast, tmp_path):
    run(cast.evaluator, cast.collaborative, "parquet", tmp_path)
    record = AuditRecord.objects.get(app_label="exports", action=AuditRecord.Action.EXPORT)
    assert record.by == cast.evaluator
    assert record.after["format"] == "parquet"
    assert "monthly_values" in record.after["tables"]
    assert record.after["identified"] is False


def test_the_command_writes_the_zip_with_a_progress_bar(demo, tmp_path):
    staff = person(demo, Role.PROJECT_STAFF)
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--collaborative",
            demo.slug,
            "--format",
            "dta",
            "--tables",
            "reports,monthly_values",
            "--as",
            staff.username,
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip().splitlines()[-1])
    names = zipfile.ZipFile(path).namelist()
    assert sorted(n for n in names if n.startswith("tables/")) == [
        "tables/monthly_values.dta",
        "tables/reports.dta",
    ]
    assert Export.objects.get().status == Export.Status.DONE


def test_the_command_refuses_what_the_person_may_not_export(cast, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--collaborative",
            cast.collaborative.slug,
            "--as",
            cast.evaluator.username,
            "--identified",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code != 0
    assert "de-identified" in result.output
    assert not list(tmp_path.iterdir())


def test_demographic_columns_are_named_as_spss_stata_and_r_accept():
    from breakthrough.exports.incident_table import variable

    assert variable("home-language") == "demo_home_language"
    assert variable("é" + "x" * 40) == "demo__" + "x" * 26
