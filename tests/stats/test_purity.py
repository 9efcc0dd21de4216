"""The statistics core stays pure: no Django, no I/O at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import breakthrough.stats as bs


def test_core_never_imports_django() -> None:
    code = "import sys, breakthrough.stats; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_public_api_is_documented() -> None:
    for name in bs.__all__:
        obj = getattr(bs, name)
        assert obj.__doc__, name
        if callable(obj) and not isinstance(obj, type):
            assert "References" in obj.__doc__, name
            assert ">>>" in obj.__doc__, name


def test_every_public_function_is_in_the_docs() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "stats.md").read_text(encoding="utf-8")
    missing = [n for n in bs.__all__ if n[0].islower() and f"`{n}(" not in docs]
    assert missing == []
