"""The dashboards' tables: analysed charts and counts shaped into rows for templates, specs and CSVs.

Every count a viewer or a report sees passes through ``shown`` (``stats.suppress_table``): small cells,
and whatever would give them away (totals, shares, the same counts in a linked table), are hidden.
Templates render the rows; nothing here writes HTML but the verdict icons, each rendered once per request
from its template.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from django.template.loader import get_template
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Collaborative, Team, month_start
from breakthrough.dashboards import selectors
from breakthrough.dashboards.labels import ASSURANCE_TEXT, VARIATION_TEXT, Reasons
from breakthrough.dashboards.models import ChartPhase
from breakthrough.dashboards.panels import Numbers
from breakthrough.measures import series
from breakthrough.pdsa.models import PDSACycle
from breakthrough.stats.suppression import SuppressedTable, suppress_table


def iso(day: dt.date) -> str:
    """A month for Vega-Lite: local midnight (a bare ISO date would be read as UTC and shift a day)."""
    return f"{day.isoformat()}T00:00:00"


def shown(
    counts: list[list[int]],
    *,
    threshold: int,
    suppress: bool,
    totals: str = "none",
    published: list[list[bool]] | None = None,
    suppress_zero: bool = False,
) -> SuppressedTable:
    """The one path of the counts people see: suppressed for aggregate readers, all shown otherwise."""
    return suppress_table(
        counts,
        threshold=threshold if suppress else 1,
        totals=totals,
        published=published,
        suppress_zero=suppress_zero and suppress,
    )


def number_formatter() -> Any:
    """A formatter of rounded floats for tables, as ``number_format`` writes them in the active language
    (its decimal separator), looked up once: a 40-team data table has thousands of numbers."""
    separator = get_format("DECIMAL_SEPARATOR")

    def number(value: float | None) -> str:
        if value is None:
            return "–"
        text = str(value)
        return number_format(value) if "e" in text else text.replace(".", separator)

    return number


def series_rows(
    chart: series.AnalysedChart, months: list[dt.date], label: str, *, goal: Any = None, reasons: Reasons
) -> list[dict[str, Any]]:
    """Rows of one chart for its spec and data table (each line rounded once, as a whole line)."""
    lines = chart.lines()
    y, centre, lcl, ucl, phase = lines["y"], lines["center"], lines["lcl"], lines["ucl"], lines["phase"]
    flags = {name: lines[name] for name in chart.flags}
    rows = []
    for j, month in enumerate(months):
        names = [name for name, f in flags.items() if f[j]] if y[j] is not None else []
        rows.append(
            {
                "facet1": label,
                "part": phase[j],
                "x": iso(month),
                "y": y[j],
                "cl": centre[j],
                "lcl": lcl[j],
                "ucl": ucl[j],
                "signal": bool(names),
                "reasons": reasons(names),
                "flags": names,
                "goal": goal,
            }
        )
    return rows


def learning_sessions(collaborative: Collaborative, months: list[dt.date]) -> list[dict[str, Any]]:
    return [
        {"x": iso(month_start(p.start_date)), "kind": "session", "label": p.get_kind_display()}
        for p in collaborative.timeline
        if p.is_learning_session and month_start(p.start_date) in months
    ]


def short(name: str, limit: int) -> str:
    return name if len(name) < limit else name[: limit - 2] + "…"


def pooled(
    collaborative: Collaborative, numbers: Numbers, *, suppress: bool, reasons: Reasons
) -> dict[str, Any]:
    """The collaborative-level chart of each measure and its table; months of too few teams hidden."""
    threshold = collaborative.small_cell_threshold
    cells = shown(numbers.pooled_counts, threshold=threshold, suppress=suppress, suppress_zero=True)
    hidden = cells.hidden
    charts = series.pooled_charts(
        collaborative, numbers.measures, numbers.months, numbers.pooled_y, hidden=hidden if suppress else None
    )
    number = number_formatter()
    rows, table = [], []
    hidden_rows = hidden.tolist()
    for i, (m, chart) in enumerate(zip(numbers.measures, charts, strict=True)):
        part = series_rows(chart, numbers.months, short(m.name, 48), goal=m.goal, reasons=reasons)
        rows += part
        points = [
            {
                **r,
                "n": numbers.pooled_counts[i][j],
                "suppressed": hidden_rows[i][j],
                "month": r["x"][:7],
                "y_text": number(r["y"]),
                "cl_text": number(r["cl"]),
            }
            for j, r in enumerate(part)
        ]
        table.append(
            {
                "measure": m,
                "variation": VARIATION_TEXT[chart.variation],
                "assurance": ASSURANCE_TEXT[chart.assurance],
                "points": points,
            }
        )
    return {"rows": rows, "table": table, "months": numbers.months}


def multiples(
    numbers: Numbers, m: int, shown_teams: list[int], charts: list[series.AnalysedChart], *, reasons: Reasons
) -> dict[str, Any]:
    """One measure across the teams on screen: the rows of one faceted spec and of its data table."""
    measure = numbers.measures[m]
    number = number_formatter()
    rows = []
    for t, chart in zip(shown_teams, charts, strict=True):
        rows += series_rows(chart, numbers.months, numbers.team_names[t], goal=measure.goal, reasons=reasons)
    table = [
        {
            "team": r["facet1"],
            "month": r["x"][:7],
            "y": number(r["y"]),
            "cl": number(r["cl"]),
            "reasons": r["reasons"],
        }
        for r in rows
    ]
    return {"measure": measure, "rows": rows, "table": table}


class Lazy(Sequence[Any]):
    """Rows built on first use: a page whose table comes from the fragment cache never builds them."""

    def __init__(self, build: Callable[[], list[Any]]) -> None:
        self.build = build

    @cached_property
    def rows(self) -> list[Any]:
        return self.build()

    def __getitem__(self, index: Any) -> Any:
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)


def summary(numbers: Numbers, sort: str = "") -> dict[str, Any]:
    """Teams × measures: a variation and an assurance icon per cell, sortable by team or by a measure."""
    return {"rows": Lazy(lambda: _summary_rows(numbers, sort)), "measures": numbers.measures, "sort": sort}


def _summary_rows(numbers: Numbers, sort: str) -> list[dict[str, Any]]:
    # A cell's markup is one of 3 × 4 kinds of icons, and the badge or not: each rendered once from its
    # template; a cell is (its link, its icons, its badge).
    cell = get_template("dashboards/_summary_cell.html")
    markup: dict[tuple[Any, Any], SafeString] = {}
    badge = mark_safe(get_template("dashboards/_summary_cell.html").render({"badge": True}).strip())
    link = reverse("dashboards:team-measure", args=[999999901, 999999902])
    team_link = reverse("dashboards:team", args=[999999903])
    order = {series.WORSENING: 0, series.COMMON: 1, series.IMPROVING: 2, series.NO_DATA: 3}
    n_t = len(numbers.team_ids)
    variation, assurance, suggest = numbers.variation or [], numbers.assurance or [], numbers.suggest or []
    rows = []
    for t, (team_id, name) in enumerate(zip(numbers.team_ids, numbers.team_names, strict=True)):
        cells, keys = [], []
        team_url = link.replace("999999901", str(team_id))
        for m, measure in enumerate(numbers.measures):
            i = m * n_t + t
            kind = (variation[i], assurance[i])
            if kind not in markup:
                found = {"variation": VARIATION_TEXT[kind[0]], "assurance": ASSURANCE_TEXT[kind[1]]}
                markup[kind] = mark_safe(cell.render({**found, "key": kind}).strip())
            cells.append(
                (
                    team_url.replace("999999902", str(measure.id)),
                    markup[kind],
                    badge if suggest[i] is not None else "",
                )
            )
            keys.append((variation[i], assurance[i] or "none", suggest[i] is not None))
        url = team_link.replace("999999903", str(team_id))
        rows.append({"team_id": team_id, "name": name, "url": url, "cells": cells, "keys": keys})
    codes = [m.code for m in numbers.measures]
    if sort in codes:
        k = codes.index(sort)
        rows.sort(key=lambda r: (order[r["keys"][k][0]], r["name"]))
    else:
        rows.sort(key=lambda r: r["name"])
    return rows


def reporting(numbers: Numbers, *, threshold: int, suppress: bool) -> dict[str, Any]:
    """Per month: teams that submitted, their share of the teams, and late reports.

    Each month is a row of two counts (submitted or not; late or not) whose total, the number of teams,
    is published: the complement is never shown but is worked out from the total, so it links them.
    """
    n = len(numbers.team_ids)
    one_shown = [[True, False]] * len(numbers.months)
    sub = shown(
        [[s, n - s] for s in numbers.submitted],
        threshold=threshold,
        suppress=suppress,
        totals="rows",
        published=one_shown,
    )
    late = shown(
        [[v, n - v] for v in numbers.late],
        threshold=threshold,
        suppress=suppress,
        totals="rows",
        published=one_shown,
    )
    totals = sub.shown_row_totals()
    submitted, shares, lates = sub.shown(), sub.shown_row_shares(), late.shown()
    rows = [
        {
            "month": month,
            "submitted": submitted[j][0],
            "share": (shares[j][0] if n else 0) if submitted[j][0] is not None else None,
            "late": lates[j][0],
        }
        for j, month in enumerate(numbers.months)
    ]
    teams_shown = n if not suppress or not n or n >= threshold else None
    if numbers.months and any(t is None for t in totals):
        teams_shown = None
    return {"rows": rows, "teams_shown": teams_shown}


def attendance(
    found: selectors.RoleAttendance, *, threshold: int, suppress: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per event: people present by role and in all; the total is published, so it links the roles."""
    roles = sorted({role for counts in found.counts.values() for role in counts})
    matrix = [[found.counts.get(e.pk, Counter())[r] for r in roles] for e in found.events]
    table = shown(matrix or [[]], threshold=threshold, suppress=suppress, totals="rows")
    cells, totals = table.shown(), table.shown_row_totals()
    rows, chart_rows = [], []
    for k, event in enumerate(found.events):
        present = found.counts.get(event.pk, Counter())
        counts = {role: cells[k][j] for j, role in enumerate(roles) if present[role]}
        rows.append({"event": event, "counts": counts, "total": totals[k]})
        for role, n in counts.items():
            if n:
                chart_rows.append(
                    {"event": f"{event.starts_at:%Y-%m-%d} {event.title}"[:40], "role": role, "n": n}
                )
    return rows, chart_rows


def cycles(
    found: selectors.Cycles, *, threshold: int, suppress: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """PDSA cycles per month by driver and by decision: two tables of the same cycles, so each month's
    driver counts and decision counts are the row and column totals of one unpublished driver × decision
    table, suppressed together (a month's hidden driver count cannot be had from its decision counts)."""
    months = sorted({m for m, _d, _k in found.counts})
    driver_rows, decision_rows = [], []
    for month in months:
        here = {(d, k): n for (m, d, k), n in found.counts.items() if m == month}
        drivers = sorted({d for d, _k in here}, key=lambda d: (d is None, d or ""))
        decisions = sorted({k for _d, k in here})
        matrix = [[here.get((d, k), 0) for k in decisions] for d in drivers]
        table = shown(
            matrix,
            threshold=threshold,
            suppress=suppress,
            totals="both",
            published=[[False] * len(decisions) for _ in drivers],
        )
        by_driver, by_decision = table.shown_row_totals(), table.shown_column_totals()
        driver_rows += [{"month": iso(month), "driver": d, "n": by_driver[i]} for i, d in enumerate(drivers)]
        decision_rows += [
            {"month": iso(month), "decision": k, "n": by_decision[j]} for j, k in enumerate(decisions)
        ]
    return driver_rows, decision_rows


def ramp_lengths(lengths: Counter[int], *, threshold: int, suppress: bool) -> list[dict[str, Any]]:
    keys = sorted(lengths)
    table = shown([[lengths[k] for k in keys]], threshold=threshold, suppress=suppress)
    values = table.shown()[0] if keys else []
    return [{"cycles": k, "ramps": values[i]} for i, k in enumerate(keys)]


def assessments(
    sums: dict[tuple[dt.date, str], list[float]], *, threshold: int, suppress: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Faculty ratings against team self-ratings (means per month) and the gap between them; a month's
    means are hidden together when either group is a small cell (the gap would give one away)."""
    months = sorted({m for m, _s in sums})
    groups = [(sums.get((m, "faculty"), []), sums.get((m, "team"), [])) for m in months]
    table = shown([[len(f), len(s)] for f, s in groups] or [[]], threshold=threshold, suppress=suppress)
    hidden = [any(v is None for v in row) for row in table.shown()] if months else []
    rows, chart_rows = [], []
    labels = (_("Faculty"), _("Self-assessment"), _("Gap (self − faculty)"))
    for j, (month, (faculty, team)) in enumerate(zip(months, groups, strict=True)):
        f = round(sum(faculty) / len(faculty), 2) if faculty and not hidden[j] else None
        s = round(sum(team) / len(team), 2) if team and not hidden[j] else None
        gap = round(s - f, 2) if f is not None and s is not None else None
        rows.append({"month": month, "faculty": f, "team": s, "gap": gap, "n": max(len(faculty), len(team))})
        for label, value in zip(labels, (f, s, gap), strict=True):
            if value is not None:
                chart_rows.append({"month": iso(month), "score": value, "rated by": str(label)})
    return rows, chart_rows


def dose(numbers: Numbers, attended: Counter[int], pdsa: dict[int, Counter[str]]) -> dict[str, Any]:
    """Per team: attendance, PDSA cycles per driver, and the measures' signals, side by side (staff only)."""
    driver_names = sorted({name for counts in pdsa.values() for name in counts})
    n_t = len(numbers.team_ids)
    variation = numbers.variation or []
    link = reverse("dashboards:team", args=[999999903])
    rows = []
    for t, (team_id, name) in enumerate(zip(numbers.team_ids, numbers.team_names, strict=True)):
        verdicts = Counter(variation[t::n_t])  # series m * n_teams + t: this team's measures
        cycles = pdsa.get(team_id, Counter())
        per_driver = [cycles[d] for d in driver_names]
        row = {
            "team_id": team_id,
            "name": name,
            "url": link.replace("999999903", str(team_id)),
            "attended": attended[team_id],
            "pdsa": per_driver,
            "pdsa_total": sum(cycles.values()),
            "improving": verdicts[series.IMPROVING],
            "worsening": verdicts[series.WORSENING],
        }
        row["numbers"] = [row["attended"], *per_driver, row["pdsa_total"], row["improving"], row["worsening"]]
        rows.append(row)
    rows.sort(key=lambda r: (-r["improving"], r["name"]))
    return {"rows": rows, "drivers": driver_names}


def team_annotations(
    team: Team, panel: series.Panel, m: int, phases: list[ChartPhase], cycles: list[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """Learning sessions, the team's PDSA cycles (adopted stand out), definition versions, phases, notes."""
    months = panel.months
    notes = learning_sessions(panel.collaborative, months)
    for number, start in panel.measures[m].versions[1:]:
        if month_start(start) in months:
            label = _("Definition version %(n)s") % {"n": number}
            notes.append({"x": iso(month_start(start)), "kind": "version", "label": label})
    for done, planned, decision, title, number in cycles:
        when = done or planned
        if when and month_start(when) in months:
            adopted = decision == PDSACycle.Decision.ADOPT
            notes.append(
                {
                    "x": iso(month_start(when)),
                    "kind": "adopted" if adopted else "cycle",
                    "label": f"PDSA {title} #{number}" + (f" ({_('adopted')})" if adopted else ""),
                }
            )
    for p in phases:
        notes.append({"x": iso(p.starts), "kind": "phase", "label": _("New phase: %(r)s") % {"r": p.reason}})
    for (mi, ti, j), text in panel.notes.items():
        if mi == m and ti == 0:
            notes.append({"x": iso(months[j]), "kind": "note", "label": text[:120]})
    return notes


def measure_rows(
    panel: series.Panel, chart: series.AnalysedChart, label: str, reasons: Reasons
) -> list[dict[str, Any]]:
    """A team's chart of one measure with what was entered each month (the page's table and its CSV)."""
    info = panel.measures[0]
    rows = series_rows(chart, panel.months, label, goal=info.goal, reasons=reasons)
    entered = panel.entered(0, 0)
    for j, row in enumerate(rows):
        row.update({name: values[j] for name, values in entered.items()})
        row["version"] = row["version"] or None
        row["note"] = panel.notes.get((0, 0, j), "")
    return rows


def rare_event_rows(
    gaps: series.Gaps, chart: series.AnalysedChart | None, label: str, reasons: Reasons
) -> list[dict[str, Any]]:
    """One row per incident after the first: its date, the gap, the chart's lines and signals."""
    if chart is None:
        return []
    lines = chart.lines()
    gap_days = [round(d, 2) for d in gaps.days.tolist()]
    free_days = [int(d) for d in gaps.free_days.tolist()]
    rows = []
    for j, day in enumerate(gaps.dates):
        names = [name for name in chart.flags if lines[name][j]]
        rows.append(
            {
                "facet1": label,
                "part": lines["phase"][j],
                "x": day.isoformat(),
                "days": gap_days[j],
                "free_days": free_days[j],
                "y": lines["y"][j],
                "cl": lines["center"][j],
                "lcl": lines["lcl"][j],
                "ucl": lines["ucl"][j],
                "signal": bool(names),
                "reasons": reasons(names),
                "flags": names,
                "goal": None,
            }
        )
    return rows
