"""The words of the dashboards: verdicts, signals, chart kinds and a chart's own words, translated."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breakthrough.measures import series

VARIATION_TEXT = {
    series.COMMON: ("~", gettext_lazy("Common cause variation")),
    series.IMPROVING: ("▲", gettext_lazy("Special cause variation, improving")),
    series.WORSENING: ("▼", gettext_lazy("Special cause variation, worsening")),
    series.NO_DATA: ("–", gettext_lazy("No data yet")),
}
ASSURANCE_TEXT = {
    series.MEETS: ("✓", gettext_lazy("Consistently meets the goal")),
    series.HIT_AND_MISS: ("?", gettext_lazy("Hits and misses the goal")),
    series.MISSES: ("✗", gettext_lazy("Consistently misses the goal")),
    None: ("–", gettext_lazy("No goal or too few points")),
}
# The signals' names as people read them (the keys are series.FLAG_NAMES).
SIGNAL_TEXT = {
    "shift": gettext_lazy("shift"),
    "trend": gettext_lazy("trend"),
    "too few crossings": gettext_lazy("too few crossings"),
    "astronomical point": gettext_lazy("astronomical point"),
    "outside limits": gettext_lazy("outside limits"),
}
CHART_NAMES = {
    "run": gettext_lazy("Run chart"),
    "p": gettext_lazy("P chart"),
    "pp": gettext_lazy("P′ chart (Laney)"),
    "u": gettext_lazy("U chart"),
    "up": gettext_lazy("U′ chart (Laney)"),
    "i": gettext_lazy("I chart (XmR)"),
    "c": gettext_lazy("C chart"),
    "g": gettext_lazy("G chart (incident-free days between incidents)"),
    "t": gettext_lazy("T chart (time between incidents)"),
}


class Reasons:
    """Signal names as one phrase in the reader's language, each phrase translated once per request (a
    40-team table names thousands of points)."""

    def __init__(self) -> None:
        self.names = {name: str(text) for name, text in SIGNAL_TEXT.items()}
        self.phrases: dict[tuple[str, ...], str] = {}

    def __call__(self, names: list[str]) -> str:
        key = tuple(names)
        if key not in self.phrases:
            self.phrases[key] = ", ".join(self.names[name] for name in names)
        return self.phrases[key]


def reasons_text(names: list[str]) -> str:
    """Signal names in the reader's language, as one phrase."""
    return Reasons()(names)


def chart_labels() -> dict[str, Any]:
    """The words of a chart (legends, tooltips, description) in the reader's language."""
    return {
        "signal": _("signal"),
        "yes": _("yes"),
        "no": _("no"),
        "month": _("month"),
        "value": _("value"),
        "centre": _("center"),
        "signals": _("signals"),
        "annotations": _("annotations"),
        "description": _("%(title)s: a chart; its data table follows.").replace("%(title)s", "{title}"),
        "session": _("learning session"),
        "adopted": _("adopted change"),
        "cycle": _("PDSA cycle"),
        "version": _("new definition"),
        "phase": _("new phase"),
        "note": _("note"),
        "rules": _("rule over several months"),
        **{name: str(SIGNAL_TEXT[name]) for name in ("shift", "trend", "too few crossings")},
    }
