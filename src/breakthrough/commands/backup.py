"""`breakthrough backup` and `breakthrough restore`: the whole database to one file and back.

SQLite is copied with its online backup API (consistent while the site runs); PostgreSQL with ``pg_dump`` in
its custom format and ``pg_restore --clean`` (client tools of the server's major version must be installed).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import click


def _database() -> dict[str, Any]:
    from breakthrough.commands.django_setup import setup_django

    setup_django()
    from django.conf import settings

    return dict(settings.DATABASES["default"])


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    args += ["--username", str(db.get("USER") or "postgres"), "--dbname", str(db["NAME"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line, where `ps` would show it
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise click.ClickException(f"{name} is missing: install PostgreSQL's client tools")
    return found


def backup_to(path: Path) -> None:
    db = _database()
    if db["ENGINE"] == "django.db.backends.sqlite3":
        source = sqlite3.connect(db["NAME"])
        target = sqlite3.connect(path)
        with target:
            source.backup(target)
        source.close()
        target.close()
    elif db["ENGINE"] == "django.db.backends.postgresql":
        args, env = _pg_env(db)
        subprocess.run([_tool("pg_dump"), "--format=custom", "--file", str(path), *args], check=True, env=env)
    else:
        raise click.ClickException(f"no backup for the database engine {db['ENGINE']}")


def restore_from(path: Path) -> None:
    db = _database()
    from django.db import connections

    connections.close_all()
    if db["ENGINE"] == "django.db.backends.sqlite3":
        with sqlite3.connect(path) as source:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise click.ClickException(f"{path} is not a sound SQLite database")
            target = sqlite3.connect(db["NAME"])
            with target:
                source.backup(target)
            target.close()
    elif db["ENGINE"] == "django.db.backends.postgresql":
        args, env = _pg_env(db)
        restore = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args]
        subprocess.run([*restore, str(path)], check=True, env=env)
    else:
        raise click.ClickException(f"no restore for the database engine {db['ENGINE']}")


@click.command()
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The backup file to write (e.g. breakthrough-2026-12-01.backup).",
)
def backup(out: Path) -> None:
    """Write the whole database to one file (SQLite online backup, or pg_dump for PostgreSQL)."""
    if out.exists():
        raise click.ClickException(f"{out} exists already; name a new file")
    backup_to(out)
    click.echo(f"Backed up to {out} ({out.stat().st_size:,} bytes).")


@click.command()
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Don't ask before replacing the database's contents.")
def restore(backup_file: Path, yes: bool) -> None:
    """Replace the database's contents with a backup made by `breakthrough backup` (stop the server first)."""
    if not yes:
        click.confirm("This replaces everything in the database with the backup. Go on?", abort=True)
    restore_from(backup_file)
    click.echo(f"Restored from {backup_file}.")
