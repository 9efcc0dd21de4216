"""Typed numbers and ids: what a person means, nothing Python merely tolerates (issue #14)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from breakthrough.core.numbers import parse_decimal, parse_id


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("12", "en", Decimal("12")),
        (" 0.5 ", "en", Decimal("0.5")),
        ("-3", "en", Decimal("-3")),
        (".5", "en", Decimal("0.5")),
        ("0,5", "es", Decimal("0.5")),  # the Spanish decimal comma
        ("12,25", "es-mx", Decimal("12.25")),
        ("", "en", None),
        ("   ", "es", None),
    ],
)
def test_plain_numbers_are_read(text, language, expected):
    assert parse_decimal(text, language=language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("１２", "en"),  # full-width digits
        ("١٢", "en"),  # Arabic-Indic digits
        ("NaN", "en"),
        ("inf", "en"),
        ("1e3", "en"),
        ("1,000", "en"),  # a thousands separator, or an English decimal comma: either way not read
        ("0,5", "en"),
        ("1.000,5", "es"),
        ("1,2,3", "es"),
        ("12 kids", "en"),
    ],
)
def test_anything_else_is_refused(text, language):
    with pytest.raises(ValueError, match=re.escape(text)):  # the error names what was typed
        parse_decimal(text, language=language)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", 42), (" 7 ", 7), ("9223372036854775807"[:18], 922337203685477580), (5, 5)],
)
def test_ids_that_fit_a_bigint(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize("text", ["0", "-1", "99999999999999999999", "١٢", "4a", "", None, 2**63, 1.5])
def test_ids_that_do_not(text):
    assert parse_id(text) is None
