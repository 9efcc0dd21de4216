"""The analysed numbers of the collaborative pages, read through the bridge once and kept in Django's cache.

A request reads the collaborative's data fingerprint (a few aggregate queries, ``selectors.fingerprint``);
while it is unchanged every worker serves the numbers from the cache. A miss reads the panel
(``series.load_panel``), analyses it in one batch (``series.analyse_panel``) and keeps only what the pages
show: the pooled series, the reporting counts, each series' verdicts, and the charts of the small multiples
on screen (cached apart, so paging through them reads one measure of a few teams). Keys are versioned: the
code's ``SCHEMA`` and a generation that ``clear_cache`` moves on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from breakthrough.collaboratives.models import Collaborative
from breakthrough.dashboards import selectors
from breakthrough.measures import series
from breakthrough.measures.models import Measure

SCHEMA = 1  # bump when the shape of what is cached changes
GENERATION = "dashboards:generation"
TIMEOUT = 24 * 3600


@dataclass(frozen=True)
class Numbers:
    """What the collaborative pages show of a panel; per-series lists are indexed m * n_teams + t."""

    key: str  # names these numbers (equal keys, equal numbers): template fragments of them are cached by it
    months: list[dt.date]
    team_ids: list[int]
    team_names: list[str]
    measures: list[series.MeasureInfo]
    pooled_y: Any  # (n_measures, n_months): Σnum/Σden, or the mean of the teams' values
    pooled_counts: list[list[int]]  # teams with a value, per measure and month
    submitted: list[int]  # teams that submitted each month's report
    late: list[int]  # reports submitted late, or missing past their due date, per month
    variation: list[str] | None  # None when not analysed (viewers see aggregates only)
    assurance: list[str | None] | None
    suggest: list[int | None] | None


def _generation() -> int:
    return int(cache.get_or_set(GENERATION, 1, timeout=None))


def clear_cache() -> None:
    """Forget every analysed panel (the next requests read the data again; rendered charts stay)."""
    try:
        cache.incr(GENERATION)
    except ValueError:
        cache.set(GENERATION, 2, timeout=None)


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def collaborative_numbers(
    collaborative: Collaborative,
    measures: list[Measure],
    teams: list[tuple[int, str]],
    *,
    months: tuple[dt.date, dt.date] | None,
    analyse: bool,
    reporting: bool,
    multiples: tuple[int, list[int]] | None = None,
) -> tuple[Numbers, list[series.AnalysedChart] | None]:
    """The numbers of a collaborative page and, with ``multiples=(measure index, team indices)``, the charts
    of those teams for that measure; from the cache while the data are unchanged.

    The collaborative pages show no definition versions or notes, so the panel is read without them;
    ``reporting=False`` (the summary table alone) also skips the reports.
    """
    version = _generation()
    key = _digest(
        SCHEMA,
        version,
        selectors.fingerprint(collaborative),
        tuple(m.pk for m in measures),
        tuple(teams),
        months,
        analyse,
        reporting,
    )
    numbers: Numbers | None = cache.get(f"dashboards:numbers:{key}", version=version)
    charts: list[series.AnalysedChart] | None = None
    charts_key = ""
    if multiples is not None and analyse and teams and measures:
        charts_key = f"dashboards:multiples:{key}:{multiples[0]}:{_digest(tuple(multiples[1]))}"
        charts = cache.get(charts_key, version=version)
    if numbers is None:
        panel = series.load_panel(
            collaborative, measures, teams, months=months, reporting=reporting, annotations=False
        )
        pa = _analyse(collaborative, panel) if analyse and teams else None
        numbers = _numbers(key, panel, pa)
        cache.set(f"dashboards:numbers:{key}", numbers, timeout=TIMEOUT, version=version)
        if charts_key and pa is not None:
            m, shown = multiples  # type: ignore[misc]
            charts = [pa.chart(m, t) for t in shown]
            cache.set(charts_key, charts, timeout=TIMEOUT, version=version)
    elif charts_key and charts is None:
        m, shown = multiples  # type: ignore[misc]
        # One measure of the teams on screen: each series is analysed on its own, so the charts are the same.
        panel = series.load_panel(
            collaborative, [measures[m]], [teams[t] for t in shown], months=months, reporting=False,
            annotations=False,
        )  # fmt: skip
        pa = _analyse(collaborative, panel)
        charts = [pa.chart(0, i) for i in range(len(shown))]
        cache.set(charts_key, charts, timeout=TIMEOUT, version=version)
    return numbers, charts


def _analyse(collaborative: Collaborative, panel: series.Panel) -> series.PanelAnalysis:
    found = selectors.phases([m.id for m in panel.measures], collaborative, panel.team_ids)
    return series.analyse_panel(panel, selectors.phase_starts(found))


def _numbers(key: str, panel: series.Panel, pa: series.PanelAnalysis | None) -> Numbers:
    y, counts = panel.pooled_series()
    submitted, late = panel.reporting_counts()
    return Numbers(
        key=key,
        months=panel.months,
        team_ids=panel.team_ids,
        team_names=panel.team_names,
        measures=panel.measures,
        pooled_y=y,
        pooled_counts=counts,
        submitted=submitted,
        late=late,
        variation=pa.analysis.variation if pa else None,
        assurance=pa.analysis.assurance if pa else None,
        suggest=pa.analysis.suggest_phase if pa else None,
    )
