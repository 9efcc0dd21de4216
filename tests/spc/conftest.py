"""Fixtures of the SPC tests: the qicharts2 reference vectors (no Django needed)."""

from __future__ import annotations

import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared" / "reference"
COPY = Path(__file__).resolve().parent / "reference"


def reference_dir() -> Path:
    """The shared reference directory when present beside the repository, else the copy here."""
    return SHARED if (SHARED / "qicharts2_reference.jsonl").exists() else COPY


def reference_cases() -> list[dict]:
    with open(reference_dir() / "qicharts2_reference.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
