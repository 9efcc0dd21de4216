"""English: "Dec 15" for a day and month (Django's own formats otherwise: "Dec. 15, 2026",
"December 2026")."""

from __future__ import annotations

MONTH_DAY_FORMAT = "M j"
