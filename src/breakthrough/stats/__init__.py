"""Study statistics (pure numpy/scipy/statsmodels; no Django, no I/O)."""

from __future__ import annotations

__all__: list[str] = []
