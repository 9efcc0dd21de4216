"""Run charts and control charts with their signal rules (pure numpy; no Django, no I/O)."""

from __future__ import annotations

__all__: list[str] = []
