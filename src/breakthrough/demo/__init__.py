"""A realistic, deterministic demo: two waves of a collaborative (every name fictional; measures
illustrative)."""

from __future__ import annotations

from breakthrough.demo.build import DEMO_PASSWORD, DEMO_SLUG, SIGN_INS, demo_exists
from breakthrough.demo.waves import EARLIER_SLUG, build_demo

__all__ = ["DEMO_PASSWORD", "DEMO_SLUG", "EARLIER_SLUG", "SIGN_INS", "build_demo", "demo_exists"]
