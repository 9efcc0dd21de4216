"""Breakthrough: run a Breakthrough Series Collaborative in early care and education."""

from __future__ import annotations

__version__ = "0.1.0"
