"""Docs that cannot drift from the code: every setting and every command is documented.

Regenerate docs/cli.md with: UPDATE_DOCS=1 ./dev test tests/test_docs.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
from click.testing import CliRunner

from breakthrough.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_from_the_environment_is_documented():
    settings = (ROOT / "src" / "breakthrough" / "settings.py").read_text()
    names = set(re.findall(r'(?:environ\.get|envbool|envlist)\("([A-Z_]+)"', settings))
    assert {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"} <= names
    documented = (ROOT / "docs" / "deployment.md").read_text()
    assert {n for n in names if f"`{n}`" not in documented} == set()


def commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


def render_cli_docs() -> str:
    parts = ["# The `breakthrough` command\n\nGenerated from `--help`; a test keeps it current.\n"]
    for path in [(), *commands(main)]:
        result = CliRunner().invoke(main, [*path, "--help"], terminal_width=100, prog_name="breakthrough")
        assert result.exit_code == 0, result.output
        title = " ".join(("breakthrough", *path))
        parts.append(f"## `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def test_cli_reference_is_current():
    expected = render_cli_docs()
    path = ROOT / "docs" / "cli.md"
    if os.environ.get("UPDATE_DOCS"):
        path.write_text(expected)
    assert path.read_text() == expected, "docs/cli.md is stale: UPDATE_DOCS=1 ./dev test tests/test_docs.py"
