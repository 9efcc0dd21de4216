"""The `breakthrough` command.

Commands that only compute (`breakthrough spc …`) never set Django up; commands that touch the
database set it up lazily, on first use.
"""

from __future__ import annotations

import os

import click

from breakthrough.spc_cli import spc


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breakthrough.settings")
    import django

    django.setup()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="breakthrough")
def main() -> None:
    """Breakthrough: run a Breakthrough Series Collaborative in early care and education."""


main.add_command(spc)


def run() -> None:  # pragma: no cover - console entry point
    main()
