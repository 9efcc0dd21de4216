"""A realistic, deterministic demo collaborative (every name fictional; measures illustrative)."""

from __future__ import annotations

from breakthrough.demo.build import DEMO_PASSWORD, DEMO_SLUG, SIGN_INS, build_demo, demo_exists

__all__ = ["DEMO_PASSWORD", "DEMO_SLUG", "SIGN_INS", "build_demo", "demo_exists"]
