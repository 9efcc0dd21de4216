"""The Examples in every docstring of breakthrough.stats run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["scales", "reliability", "agreement", "change", "did", "equity", "suppression"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"breakthrough.stats.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
