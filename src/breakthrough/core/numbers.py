"""Numbers and ids as people type them: ASCII digits, the reader's decimal comma, ids that fit the database.

Python reads "１２" (full-width) and "١٢" (Arabic-Indic) as 12 and "NaN" as a number; none of that is what a
person meant on a data form, so every typed number goes through here.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation

_PLAIN = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?|[+-]?\.[0-9]+")
_ID = re.compile(r"[0-9]{1,18}")  # below 2**63: every database's bigint
MAX_ID = 2**63 - 1


def uses_decimal_comma(language: str | None = None) -> bool:
    """Whether the reader writes 0,5 for a half (Spanish), as opposed to 0.5 (English)."""
    return (language or translation.get_language() or "en").lower().startswith("es")


def parse_decimal(text: str | None, *, language: str | None = None) -> Decimal | None:
    """A typed number, or None when blank; ValueError for anything else.

    Accepted: ASCII digits with an optional sign and one decimal separator: a point, or in Spanish also a
    comma ("0,5"). Refused: thousands separators, exponents, NaN and infinities, other scripts' digits.
    """
    text = (text or "").strip()
    if not text:
        return None
    if "," in text:
        if not uses_decimal_comma(language) or text.count(",") != 1 or "." in text:
            raise ValueError(text)
        text = text.replace(",", ".")
    if not _PLAIN.fullmatch(text):
        raise ValueError(text)
    return Decimal(text)


def parse_id(text: object) -> int | None:
    """A row id from a query string or form (ASCII digits that fit a bigint), or None."""
    if isinstance(text, int):
        return text if 0 < text <= MAX_ID else None
    if not isinstance(text, str) or not _ID.fullmatch(text.strip()):
        return None
    value = int(text.strip())
    return value if 0 < value <= MAX_ID else None
