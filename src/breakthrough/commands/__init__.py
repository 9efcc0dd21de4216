"""Subcommands of `breakthrough`, one module each, registered in breakthrough/cli.py."""

from __future__ import annotations
