"""The `breakthrough` command, run as a user runs it: a real process, a real SQLite file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from click.testing import CliRunner

from breakthrough.cli import main

BREAKTHROUGH = shutil.which("breakthrough") or str(Path(os.sys.executable).with_name("breakthrough"))


def run(*args, env=None, cwd=None):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [BREAKTHROUGH, *args],
        capture_output=True,
        text=True,
        env=environment | (env or {}),
        cwd=cwd,
        timeout=300,
    )


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "serve", "migrate", "createsuperuser", "spc"):
        assert command in result.output


def test_demo_builds_once_and_is_reused_then_rebuilt(tmp_path):
    env = {"BREAKTHROUGH_DATA_DIR": str(tmp_path)}
    first = run("demo", "--no-serve", env=env)
    assert first.returncode == 0, first.stderr
    assert "Building the demo collaborative" in first.stdout
    for username in ("staff", "faculty", "teacher", "director", "family", "evaluator", "observer", "viewer"):
        assert f"  {username} " in first.stdout
    database = tmp_path / "breakthrough.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("UPDATE collaboratives_team SET name = 'Renamed by hand' WHERE id = 1")

    again = run("demo", "--no-serve", env=env)
    assert "already built" in again.stdout
    with sqlite3.connect(database) as db:
        assert (
            db.execute("SELECT name FROM collaboratives_team WHERE id = 1").fetchone()[0] == "Renamed by hand"
        )

    rebuilt = run("demo", "--no-serve", "--rebuild", env=env)
    assert "Building the demo collaborative" in rebuilt.stdout
    with sqlite3.connect(database) as db:
        assert (
            db.execute("SELECT name FROM collaboratives_team WHERE id = 1").fetchone()[0] != "Renamed by hand"
        )


def test_production_start_refuses_the_development_secret_key(tmp_path):
    result = run("serve", env={"BREAKTHROUGH_DATA_DIR": str(tmp_path), "DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_migrate_creates_the_database_in_the_data_directory(tmp_path):
    result = run("migrate", env={"BREAKTHROUGH_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "breakthrough.sqlite3").stat().st_size > 0


def test_same_seed_same_collaborative(tmp_path):
    def fingerprint(folder):
        result = run(
            "demo",
            "--no-serve",
            "--seed",
            "11",
            "--today",
            "2026-06-05",
            env={"BREAKTHROUGH_DATA_DIR": str(folder)},
        )
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(folder / "breakthrough.sqlite3") as db:
            values = db.execute("SELECT numerator, denominator, value FROM measures_measurevalue ORDER BY id")
            cycles = db.execute("SELECT objective, decision, is_shared FROM pdsa_pdsacycle ORDER BY id")
            start = db.execute("SELECT start_date FROM collaboratives_collaborative WHERE slug = 'demo-sel'")
            return values.fetchall(), cycles.fetchall(), start.fetchone()

    first, second = fingerprint(tmp_path / "a"), fingerprint(tmp_path / "b")
    assert len(first[0]) > 300
    assert first[2] == ("2025-11-01",)  # --today 2026-06-05 falls in month 8
    assert first == second
