"""`breakthrough backup` and `restore`: a round trip on the database the suite uses (SQLite or PostgreSQL)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from breakthrough.cli import main
from breakthrough.collaboratives.models import Program
from breakthrough.core.models import AuditRecord
from tests.factories import make_cycle, make_program

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restores_the_database_as_it_was(cast, tmp_path):
    make_cycle(cast.team_a, cast.teacher, prediction="Before the backup")
    programs = sorted(Program.objects.values_list("name", flat=True))
    records = AuditRecord.objects.count()
    out = tmp_path / "site.backup"
    result = CliRunner().invoke(main, ["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0

    make_program(name="Made after the backup")
    Program.objects.filter(name=programs[0]).update(name="Renamed after the backup")
    result = CliRunner().invoke(main, ["restore", str(out), "--yes"])
    assert result.exit_code == 0, result.output

    assert sorted(Program.objects.values_list("name", flat=True)) == programs
    assert AuditRecord.objects.count() == records
    assert cast.team_a.ramps.get().cycles.get().prediction == "Before the backup"


def test_backup_refuses_to_overwrite_a_file(cast, tmp_path):
    out = tmp_path / "exists.backup"
    out.write_text("keep me")
    result = CliRunner().invoke(main, ["backup", "--out", str(out)])
    assert result.exit_code != 0
    assert "exists already" in result.output
    assert out.read_text() == "keep me"


def test_restore_asks_first_and_does_nothing_when_told_no(cast, tmp_path):
    out = tmp_path / "site.backup"
    CliRunner().invoke(main, ["backup", "--out", str(out)])
    make_program(name="Kept, since the restore was refused")
    result = CliRunner().invoke(main, ["restore", str(out)], input="n\n")
    assert result.exit_code != 0
    assert Program.objects.filter(name="Kept, since the restore was refused").exists()
