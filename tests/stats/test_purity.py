"""The statistics core stays pure: no Django, no I/O at import."""

from __future__ import annotations

import subprocess
import sys

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
