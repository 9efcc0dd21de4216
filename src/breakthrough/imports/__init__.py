"""Imports that preview, then apply atomically: the monthly form as an Excel template, and CSV/XLSX files."""

from __future__ import annotations
