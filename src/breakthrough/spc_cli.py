"""`breakthrough spc …`: charts from a CSV file, without Django."""

from __future__ import annotations

import click


@click.group()
def spc() -> None:
    """Run and control charts from a CSV file (no database needed)."""
