"""Spanish: "15 dic" for a day and month, day first and the month in lower case (Django's own formats
otherwise: "15 de diciembre de 2026", "diciembre de 2026", "15/12/2026"); numbers with a decimal comma."""

from __future__ import annotations

MONTH_DAY_FORMAT = r"j b"
