"""The dashboards' Vega-Lite specs, built from their rows by ``breakthrough.charts``, in their words."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from breakthrough import charts
from breakthrough.dashboards.labels import CHART_NAMES, chart_labels

SPEC_KEYS = ("facet1", "part", "x", "y", "cl", "lcl", "ucl", "signal", "reasons", "flags", "goal")


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as a chart spec takes them (tables carry more)."""
    return [{k: r[k] for k in SPEC_KEYS if k in r} for r in rows]


def pooled(rows: list[dict[str, Any]], sessions: list[dict[str, Any]]) -> dict[str, Any]:
    return charts.measure_spec(
        rows,
        title=_("Collaborative run charts (all teams pooled)"),
        annotations=sessions,
        facet_columns=2,
        independent_y=True,
        width=300,
        height=150,
        labels=chart_labels(),
    )


def multiples(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    return charts.measure_spec(
        rows, title=title, facet_columns=4, width=200, height=110, labels=chart_labels()
    )


def team(rows: list[dict[str, Any]], team_name: str, sessions: list[dict[str, Any]]) -> dict[str, Any]:
    return charts.measure_spec(
        rows,
        title=_("Run charts of %(team)s") % {"team": team_name},
        annotations=sessions,
        facet_columns=2,
        independent_y=True,
        width=300,
        height=150,
        labels=chart_labels(),
    )


def measure(
    rows: list[dict[str, Any]], *, title: str, subtitle: str, percent: bool, annotations: list[dict[str, Any]]
) -> dict[str, Any]:
    return charts.measure_spec(
        _plain(rows),
        title=title,
        subtitle=subtitle,
        y_title=_("percent") if percent else "",
        annotations=annotations,
        labels=chart_labels(),
    )


def rare_event(rows: list[dict[str, Any]], *, team_name: str, kind: str) -> dict[str, Any]:
    return charts.measure_spec(
        [{k: r[k] for k in SPEC_KEYS[:-1] if k in r} for r in rows],
        title=_("%(team)s: %(chart)s") % {"team": team_name, "chart": CHART_NAMES[kind]},
        subtitle=_("One point per incident: the gap since the one before. Longer gaps are better."),
        y_title=_("incident-free days") if kind == "g" else _("days between incidents"),
        labels=chart_labels(),
    )


def attendance(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return charts.bar_spec(
        rows, x="event", y="n", color="role", title=_("Attendance by role"), labels=chart_labels()
    )


def cycles(rows: list[dict[str, Any]], by: str) -> dict[str, Any]:
    title = (
        _("PDSA cycles per month by primary driver")
        if by == "driver"
        else _("PDSA cycles per month by decision")
    )
    return charts.bar_spec(
        [r for r in rows if r["n"]],
        x="month",
        y="n",
        color=by,
        title=title,
        x_type="temporal",
        labels=chart_labels(),
    )


def assessments(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return charts.line_spec(
        rows,
        x="month",
        y="score",
        color="rated by",
        title=_("Assessment: faculty rating, self-rating and the gap"),
        labels=chart_labels(),
    )
