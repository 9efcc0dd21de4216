"""The bridge from monthly reports to ``breakthrough.spc``: ORM rows become arrays, the core runs once.

A ``Panel`` holds every value of some measures for some teams of one collaborative as arrays of shape
``(n_measures, n_teams, n_months)`` with NaN for a missing month (no report, or a blank entry).
``analyse_panel`` calls the core once over every series of a page (``spc.verdicts.analyse``: run chart, IHI
rules, XmR chart, never one chart at a time); each chart a page draws comes back as one ``AnalysedChart``:
its lines, signals and verdicts (variation and assurance, in the style of NHS "Making Data Count", and the
suggested new phase). Pages read the numbers; they do no array work of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import CharField, F, FloatField, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from breakthrough import spc
from breakthrough.collaboratives.models import Collaborative, month_start
from breakthrough.incidents.models import Incident
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport
from breakthrough.spc import verdicts

# The verdicts' vocabulary and the batch analysis live in the core (``spc.verdicts``); the bridge offers them.
from breakthrough.spc.verdicts import COMMON as COMMON
from breakthrough.spc.verdicts import FLAG_NAMES as FLAG_NAMES
from breakthrough.spc.verdicts import HIT_AND_MISS as HIT_AND_MISS
from breakthrough.spc.verdicts import IMPROVING as IMPROVING
from breakthrough.spc.verdicts import MEETS as MEETS
from breakthrough.spc.verdicts import MISSES as MISSES
from breakthrough.spc.verdicts import NO_DATA as NO_DATA
from breakthrough.spc.verdicts import WORSENING as WORSENING
from breakthrough.spc.verdicts import Analysis as Analysis
from breakthrough.spc.verdicts import analyse as analyse

# The control charts that fit each unit, the first being the default control chart.
CONTROL_CHARTS = {
    Measure.Unit.PERCENT: ("p", "pp"),
    Measure.Unit.RATE: ("u", "up"),
    Measure.Unit.MEAN: ("i",),
    Measure.Unit.COUNT: ("c", "i"),
}
RATIO_UNITS = {Measure.Unit.PERCENT, Measure.Unit.RATE}


@dataclass
class MeasureInfo:
    """What a chart needs to know of a measure: its current unit, scale, goal and direction."""

    id: int
    code: str
    name: str
    unit: str
    multiplier: float
    goal: float | None
    better_up: bool
    primary_driver_id: int | None
    versions: list[tuple[int, dt.date]] = field(default_factory=list)  # (number, effective_from)
    version_ids: dict[int, int] = field(default_factory=dict)  # version id -> number


@dataclass
class Panel:
    """Values of ``measures`` × ``teams`` × ``months`` (NaN where missing)."""

    collaborative: Collaborative
    months: list[dt.date]
    period_ids: list[int]
    team_ids: list[int]
    team_names: list[str]
    measures: list[MeasureInfo]
    num: np.ndarray
    den: np.ndarray
    val: np.ndarray
    version: np.ndarray  # version number in force for each value (0 where no value)
    notes: dict[tuple[int, int, int], str]
    submitted: np.ndarray  # (n_teams, n_months) bool: a report was submitted
    late: np.ndarray  # (n_teams, n_months) bool: submitted after the due date, or still missing past it

    @property
    def y(self) -> np.ndarray:
        """The plotted value of every series, scaled by each measure's multiplier."""
        out = np.empty_like(self.val)
        for i, m in enumerate(self.measures):
            if m.unit in RATIO_UNITS:
                with np.errstate(invalid="ignore", divide="ignore"):
                    ratio = self.num[i] / self.den[i]
                out[i] = np.where(self.den[i] > 0, ratio, np.nan) * m.multiplier
            else:
                out[i] = self.val[i] * m.multiplier
        return out

    def pooled(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The collaborative's series per measure: Σnum/Σden (ratios) or the mean of teams' values.

        Returns ``(y, num, den, n_teams)`` of shape ``(n_measures, n_months)``; ``n_teams`` counts the
        teams with a value that month (the cell size for small-cell suppression).
        """
        y = np.full((len(self.measures), len(self.months)), np.nan)
        num = np.nansum(self.num, axis=1)
        den = np.nansum(self.den, axis=1)
        counts = np.zeros_like(y)
        for i, m in enumerate(self.measures):
            if m.unit in RATIO_UNITS:
                present = ~np.isnan(self.num[i]) & (self.den[i] > 0)
                counts[i] = present.sum(axis=0)
                with np.errstate(invalid="ignore", divide="ignore"):
                    y[i] = np.where(den[i] > 0, num[i] / den[i], np.nan) * m.multiplier
            else:
                present = ~np.isnan(self.val[i])
                counts[i] = present.sum(axis=0)
                with np.errstate(invalid="ignore"):
                    total = np.nansum(self.val[i], axis=0)
                    y[i] = np.where(counts[i] > 0, total / np.maximum(counts[i], 1), np.nan) * m.multiplier
                num[i] = np.where(counts[i] > 0, total, np.nan)
                den[i] = counts[i]
        return y, num, den, counts

    def pooled_series(self) -> tuple[np.ndarray, list[list[int]]]:
        """The pooled values of each measure (``pooled``) and the teams with a value, as whole numbers."""
        y, _num, _den, counts = self.pooled()
        return y, counts.astype(np.int64).tolist()

    def entered(self, m: int, t: int) -> dict[str, list[Any]]:
        """What a team entered for a measure each month (None where blank) and the definition version."""
        return {
            "numerator": rounded(self.num[m, t], None),
            "denominator": rounded(self.den[m, t], None),
            "value": rounded(self.val[m, t], None),
            "version": self.version[m, t].tolist(),
        }

    def reporting_counts(self) -> tuple[list[int], list[int]]:
        """Per month: the teams that submitted, and the reports late or missing past their due date."""
        return self.submitted.sum(axis=0).tolist(), self.late.sum(axis=0).tolist()


def measure_infos(measures: list[Measure]) -> list[MeasureInfo]:
    """Measures with their current definition (one query for all versions)."""
    by_measure: dict[int, list[MeasureVersion]] = {}
    for v in MeasureVersion.objects.filter(measure__in=[m.pk for m in measures]).order_by("number"):
        by_measure.setdefault(v.measure_id, []).append(v)
    infos = []
    for m in measures:
        versions = by_measure.get(m.pk, [])
        current = versions[-1] if versions else None
        infos.append(
            MeasureInfo(
                id=m.pk,
                code=m.code,
                name=m.name,
                unit=current.unit if current else Measure.Unit.MEAN,
                multiplier=float(current.multiplier) if current else 1.0,
                goal=float(current.goal) if current and current.goal is not None else None,
                better_up=m.better == Measure.Better.UP,
                primary_driver_id=m.primary_driver_id,
                versions=[(v.number, v.effective_from) for v in versions],
                version_ids={v.pk: v.number for v in versions},
            )
        )
    return infos


def load_panel(
    collaborative: Collaborative,
    measures: list[Measure],
    teams: list[tuple[int, str]],
    *,
    today: dt.date | None = None,
    months: tuple[dt.date, dt.date] | None = None,
    reporting: bool = True,
    annotations: bool = True,
) -> Panel:
    """Read every value of ``measures`` for ``teams`` (``(id, name)`` pairs) in a fixed number of queries.

    Pages that do not show them skip the reports' query (``reporting=False``: ``submitted`` and ``late``
    stay all False) and the values' definition versions and notes (``annotations=False``: ``version``
    stays 0 and ``notes`` empty).
    """
    today = today or timezone.localdate()
    periods = collaborative.periods.order_by("month")
    if months:
        periods = periods.filter(month__gte=months[0], month__lte=months[1])
    period_rows = list(periods.values_list("id", "month", "due_date"))
    period_ids = [p[0] for p in period_rows]
    infos = measure_infos(measures)
    n_m, n_t, n_p = len(infos), len(teams), len(period_rows)
    shape = (n_m, n_t, n_p)
    num, den, val = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    version = np.zeros(shape, dtype=np.int64)
    notes: dict[tuple[int, int, int], str] = {}
    team_ids = [t[0] for t in teams]
    if n_m and n_t and n_p:
        # The measures belong to the collaborative, so filtering by them selects its values without joining
        # the teams; a few teams are filtered in SQL too, otherwise other teams (archived, or not of the
        # program type asked for) are dropped in numpy, which is cheaper than long IN lists.
        values = MeasureValue.objects.filter(
            measure_id__in=[m.id for m in infos], report__archived_at__isnull=True
        )
        if n_t < 100:
            values = values.filter(report__team_id__in=team_ids)
        # No ordering: the models' default ordering would join four more tables and sort every row.
        qs = values.order_by().values_list(
            "measure_id",
            "report__team_id",
            "report__period_id",
            _float("numerator"),
            _float("denominator"),
            _float("value"),
            *(("measure_version_id", "note") if annotations else ()),
        )
        rows = _rows(qs)
        if rows:
            mi = _index([m.id for m in infos], _column(rows, 0, np.int64))
            ti = _index(team_ids, _column(rows, 1, np.int64))
            pi = _index(period_ids, _column(rows, 2, np.int64))
            ok = (mi >= 0) & (ti >= 0) & (pi >= 0)
            at = (mi[ok], ti[ok], pi[ok])
            for k, target in ((3, num), (4, den), (5, val)):
                target[at] = _floats(rows, k)[ok]
            if annotations:
                numbers = {vid: number for m in infos for vid, number in m.version_ids.items()}
                keys = list(numbers) or [0]
                by_key = np.array([numbers.get(k, 0) for k in keys], dtype=np.int64)
                version[at] = by_key[_index(keys, _column(rows, 6, np.int64)[ok])]
                for k, text in enumerate(map(itemgetter(7), rows)):
                    if text and ok[k]:
                        notes[(int(mi[k]), int(ti[k]), int(pi[k]))] = text
    submitted = np.zeros((n_t, n_p), dtype=bool)
    late = np.zeros((n_t, n_p), dtype=bool)
    if n_t and n_p and reporting:
        # The submission time as text (its UTC day is the first ten characters on both backends): no
        # per-row datetime conversion.
        reports = (
            MonthlyReport.objects.filter(
                team__collaborative=collaborative,
                archived_at__isnull=True,
                status__in=[MonthlyReport.Status.SUBMITTED, MonthlyReport.Status.REVIEWED],
            )
            .order_by()
            .values_list("team_id", "period_id", Cast("submitted_at", CharField()))
        )
        r_rows = _rows(reports)
        due = np.array([p[2] for p in period_rows], dtype="datetime64[D]")
        if r_rows:
            ti = _index(team_ids, _column(r_rows, 0, np.int64))
            pi = _index(period_ids, _column(r_rows, 1, np.int64))
            ok = (ti >= 0) & (pi >= 0)
            submitted[ti[ok], pi[ok]] = True
            on = np.array([_day(d) for d in map(itemgetter(2), r_rows)], dtype="datetime64[D]")
            late[ti[ok], pi[ok]] = (on > due[pi])[ok]
        overdue = np.datetime64(today, "D") > due
        late |= ~submitted & overdue[None, :]
    return Panel(
        collaborative=collaborative,
        months=[p[1] for p in period_rows],
        period_ids=period_ids,
        team_ids=team_ids,
        team_names=[t[1] for t in teams],
        measures=infos,
        num=num,
        den=den,
        val=val,
        version=version,
        notes=notes,
        submitted=submitted,
        late=late,
    )


def _day(value: Any) -> Any:
    """A submission time read as text (``YYYY-MM-DD hh:mm…`` in UTC on both backends) as a day, or NaT."""
    if value is None:
        return "NaT"
    if isinstance(value, str):
        return value[:10]
    return value.date() if isinstance(value, dt.datetime) else value


def _float(name: str) -> Any:
    """A decimal column read as a float with blanks marked, so that a whole column converts in C.

    PostgreSQL casts in SQL (the driver would build ``Decimal`` objects) and sends NaN for a blank. SQLite
    cannot return NaN (it stores NaN as NULL), so a blank comes as +∞, which no decimal can be, and
    ``_floats`` turns it into NaN.
    """
    if connection.vendor == "sqlite":
        return Coalesce(F(name), Value(float("inf")), output_field=FloatField())
    return Coalesce(Cast(name, FloatField()), Value(float("nan")), output_field=FloatField())


def _floats(rows: list[tuple[Any, ...]], k: int) -> np.ndarray:
    """Column ``k`` of ``rows`` (from ``_float``) as floats, NaN where blank."""
    column = _column(rows, k, float)
    if connection.vendor == "sqlite":
        column[np.isinf(column)] = np.nan
    return column


def _rows(qs: Any) -> list[tuple[Any, ...]]:
    """A values_list query's rows, read with a plain cursor (no per-row ORM conversion)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _column(rows: list[tuple[Any, ...]], k: int, dtype: Any) -> np.ndarray:
    """Column ``k`` of ``rows`` as an array (no None allowed), without building a tuple per column."""
    return np.fromiter(map(itemgetter(k), rows), dtype=dtype, count=len(rows))


def _index(keys: list[int], values: Any) -> np.ndarray:
    """Positions of ``values`` in ``keys`` (−1 where absent), vectorised."""
    keys_arr = np.asarray(keys, dtype=np.int64)
    order = np.argsort(keys_arr)
    sorted_keys = keys_arr[order]
    v = np.asarray(values, dtype=np.int64)
    pos = np.searchsorted(sorted_keys, v)
    pos = np.clip(pos, 0, max(len(keys_arr) - 1, 0))
    found = sorted_keys[pos] == v if len(keys_arr) else np.zeros(v.shape, dtype=bool)
    return np.where(found, order[pos] if len(keys_arr) else -1, -1)


@dataclass(frozen=True)
class AnalysedChart:
    """One series drawn as a page shows it: its points and lines, its signals and its verdicts.

    A run chart carries the run chart's median and no limits (nor the "outside limits" flag); a control
    chart its own centre and limits, with the run chart's rules. ``suggest`` is the index of the month where
    a new phase could start. Arrays are 1-D, one entry per month (per incident for G and T charts).
    """

    kind: str
    y: np.ndarray
    center: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    phase: np.ndarray
    flags: dict[str, np.ndarray]  # signal name (FLAG_NAMES) -> per-point flags
    variation: str
    assurance: str | None
    suggest: int | None

    @classmethod
    def of(cls, analysis: Analysis, i: int, kind: str = "run") -> AnalysedChart:
        """Series ``i`` of a batch, as a run chart or (the batch's lines) as a control chart."""
        control = kind != "run"
        none = np.full(analysis.y.shape[1], np.nan)
        return cls(
            kind=kind,
            y=analysis.y[i],
            center=(analysis.center if control else analysis.run_center)[i],
            lcl=analysis.lcl[i] if control else none,
            ucl=analysis.ucl[i] if control else none,
            phase=analysis.phase[i],
            flags={name: f[i] for name, f in analysis.flags.items() if control or name != "outside limits"},
            variation=analysis.variation[i],
            assurance=analysis.assurance[i],
            suggest=analysis.suggest_phase[i],
        )

    def lines(self, digits: int | None = 4) -> dict[str, list[Any]]:
        """The chart's lines as plain lists (rounded once, None where missing) and its flags as lists."""
        out: dict[str, list[Any]] = {
            name: rounded(getattr(self, name), digits) for name in ("y", "center", "lcl", "ucl")
        }
        out["phase"] = self.phase.tolist()
        out.update({name: f.tolist() for name, f in self.flags.items()})
        return out


@dataclass(frozen=True)
class PanelAnalysis:
    """Every (measure, team) series of a panel analysed in one batch; series index = m * n_teams + t."""

    panel: Panel
    analysis: Analysis

    def index(self, m: int, t: int) -> int:
        return m * len(self.panel.team_ids) + t

    def chart(self, m: int, t: int, kind: str = "run") -> AnalysedChart:
        return AnalysedChart.of(self.analysis, self.index(m, t), kind)


def month_index(months: list[dt.date], day: dt.date) -> int | None:
    first = month_start(day)
    return months.index(first) if first in months else None


def analyse_panel(panel: Panel, starts: dict[tuple[int, int], list[dt.date]] | None = None) -> PanelAnalysis:
    """The whole panel in one batch (``verdicts.analyse``), with the accepted new phases of each series
    (``starts``: first months by (measure id, team id)) and the collaborative's baseline for the rest."""
    n_m, n_t, n_p = len(panel.measures), len(panel.team_ids), len(panel.months)
    y = panel.y.reshape(n_m * n_t, n_p)
    found = []
    for m in panel.measures:
        for t in panel.team_ids:
            idx = [month_index(panel.months, day) for day in (starts or {}).get((m.id, t), [])]
            found.append([i for i in idx if i is not None])
    analysis = analyse(
        y,
        better_up=[m.better_up for m in panel.measures for _ in range(n_t)],
        goal=[m.goal for m in panel.measures for _ in range(n_t)],
        phase=phase_numbers(n_p, found) if any(found) else None,
        freeze=baseline_months(panel.collaborative, panel.months),
    )
    return PanelAnalysis(panel, analysis)


def pooled_charts(
    collaborative: Collaborative,
    measures: list[MeasureInfo],
    months: list[dt.date],
    y: np.ndarray,
    *,
    hidden: Any = None,
) -> list[AnalysedChart]:
    """The collaborative's run chart of each measure from the pooled values (``Panel.pooled``), with the
    months of ``hidden`` (small cells) left out as missing."""
    values = np.array(y, dtype=float, copy=True)
    if hidden is not None:
        values[np.asarray(hidden, dtype=bool)] = np.nan
    analysis = analyse(
        values,
        better_up=[m.better_up for m in measures],
        goal=[m.goal for m in measures],
        freeze=baseline_months(collaborative, months),
    )
    return [AnalysedChart.of(analysis, i) for i in range(len(measures))]


def measure_chart(panel: Panel, kind: str, starts: dict[tuple[int, int], list[dt.date]]) -> AnalysedChart:
    """The chart of a panel's one measure for its one team: the run chart, or the control chart of the kind
    picked, with the run chart's rules and verdicts (computed by phase where phases were accepted, else
    from the baseline)."""
    pa = analyse_panel(panel, starts)
    if kind == "run":
        return pa.chart(0, 0)
    analysis = pa.analysis
    kw: dict[str, Any] = {}
    if int(analysis.phase.max(initial=1)) > 1:
        kw["part"] = analysis.phase
    else:
        freeze = baseline_months(panel.collaborative, panel.months)
        if freeze:
            kw["freeze"] = freeze
    info = panel.measures[0]
    y = panel.y[0]
    raw = y / info.multiplier if kind == "c" else y
    multiply = info.multiplier if kind in ("p", "pp", "u", "up") else 1
    chart = control_chart(kind, panel.num[0], panel.den[0], raw, multiply=multiply, **kw)
    return AnalysedChart.of(verdicts.with_control_chart(analysis, chart), 0, kind)


def baseline_months(collaborative: Collaborative, months: list[dt.date]) -> int | None:
    """The baseline (freeze): the months before learning session 2, when teams start testing at scale."""
    from breakthrough.collaboratives.models import Phase, month_start

    ls2 = next((p for p in collaborative.timeline if p.kind == Phase.Kind.LEARNING_SESSION_2), None)
    if ls2 is None:
        return None
    first = month_start(ls2.start_date)
    n = sum(1 for m in months if m < first)
    return n if 0 < n < len(months) else None


def control_chart(kind: str, num: np.ndarray, den: np.ndarray, y: np.ndarray, **kw: Any) -> spc.Chart:
    """One control chart of the kind a person picked, over all given series at once."""
    if kind in ("p", "pp", "u", "up"):
        fn = {"p": spc.p_chart, "pp": spc.pp_chart, "u": spc.u_chart, "up": spc.up_chart}[kind]
        den = np.where(den > 0, den, np.nan)
        return fn(num, den, **kw)
    if kind == "c":
        return spc.c_chart(y, **kw)
    return spc.i_chart(y, **kw)


def rounded(values: Any, digits: int | None = 4) -> list[float | None]:
    """A line of a chart as plain floats rounded to ``digits`` (``None``: as they are), None where missing
    or infinite."""
    array = np.asarray(values, dtype=float)
    if digits is not None:
        array = np.round(array, digits)
    return [None if not ok else v for v, ok in zip(array.tolist(), np.isfinite(array).tolist(), strict=True)]


def phase_numbers(n_months: int, starts: list[list[int]]) -> np.ndarray:
    """Phase numbers per series from the month indices where new phases start."""
    out = np.ones((len(starts), n_months), dtype=np.int64)
    for i, s in enumerate(starts):
        for j in sorted(set(s)):
            if 0 < j < n_months:
                out[i, j:] += 1
    return out


# --- rare events: the time between a team's behavior incidents ---------------------------------------------

# Charts of the time between events, offered for measures counted from incident reports.
RARE_EVENT_CHARTS = ("g", "t")
# An incident without a recorded time is placed at noon of its day.
UNTIMED = dt.time(12)


@dataclass
class Gaps:
    """The gaps between consecutive incidents of one team, one per incident after the first.

    ``dates``: the later incident's date. ``days``: the time since the previous incident in days (from
    the recorded times, noon where none; at least one minute, as the T chart needs times above zero).
    ``free_days``: whole days without an incident between the two (0 for the same or the next day).
    """

    dates: list[dt.date]
    days: np.ndarray
    free_days: np.ndarray


def incident_gaps(team_id: int, *, since: dt.date | None = None) -> Gaps:
    """The gaps between a team's active incident reports, in date order (one query)."""
    qs = Incident.objects.active().filter(team_id=team_id)
    if since is not None:
        qs = qs.filter(occurred_on__gte=since)
    # Sorted here by the moment used (untimed: noon): the databases put NULL times first or last.
    moments = sorted(
        dt.datetime.combine(day, at or UNTIMED) for day, at in qs.values_list("occurred_on", "occurred_at")
    )
    stamps = np.array(moments, dtype="datetime64[m]")
    days = stamps.astype("datetime64[D]")
    minutes = np.diff(stamps).astype(np.int64)
    return Gaps(
        dates=[moment.date() for moment in moments[1:]],
        days=np.maximum(minutes, 1) / 1440.0,
        free_days=np.maximum(np.diff(days).astype(np.int64) - 1, 0).astype(float),
    )


def rare_event_chart(kind: str, gaps: Gaps) -> spc.Chart:
    """The G chart of incident-free days or the T chart of days between incidents (one series)."""
    if kind == "g":
        return spc.g_chart(gaps.free_days)
    if kind == "t":
        return spc.t_chart(gaps.days)
    raise ValueError(f"not a rare-event chart: {kind!r}")


def incident_chart(kind: str, gaps: Gaps) -> AnalysedChart | None:
    """The G or T chart of a team's gaps with its verdict (longer gaps are better), None below two gaps."""
    if len(gaps.dates) < 2:
        return None
    chart = rare_event_chart(kind, gaps)
    return AnalysedChart(
        kind=kind,
        y=chart.y[0],
        center=chart.center[0],
        lcl=chart.lcl[0],
        ucl=chart.ucl[0],
        phase=chart.phase[0],
        flags={
            "outside limits": chart.signals.sigma[0],
            "shift": chart.signals.long_run[0],
            "too few crossings": chart.signals.crossings[0],
        },
        variation=verdicts.rare_event_variation(chart)[0],
        assurance=None,
        suggest=None,
    )
