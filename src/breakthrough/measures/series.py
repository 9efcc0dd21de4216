"""The bridge from monthly reports to ``breakthrough.spc``: ORM rows become arrays, the core runs once.

A ``Panel`` holds every value of some measures for some teams of one collaborative as arrays of shape
``(n_measures, n_teams, n_months)`` with NaN for a missing month (no report, or a blank entry). ``analyse``
calls the SPC core once per chart kind over every series of a page (never one chart at a time) and returns
per-point flags and per-series verdicts (variation and assurance, in the style of NHS "Making Data Count").
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

from breakthrough import spc
from breakthrough.collaboratives.models import Collaborative
from breakthrough.incidents.models import Incident
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport

# The control charts that fit each unit, the first being the default control chart.
CONTROL_CHARTS = {
    Measure.Unit.PERCENT: ("p", "pp"),
    Measure.Unit.RATE: ("u", "up"),
    Measure.Unit.MEAN: ("i",),
    Measure.Unit.COUNT: ("c", "i"),
}
RATIO_UNITS = {Measure.Unit.PERCENT, Measure.Unit.RATE}

COMMON = "common"
IMPROVING = "improving"
WORSENING = "worsening"
MEETS = "meets"
HIT_AND_MISS = "hit_and_miss"
MISSES = "misses"


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
    today = today or dt.date.today()
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


@dataclass
class Analysis:
    """Run and control chart of every series: per-point lines and flags, per-series verdicts."""

    y: np.ndarray
    phase: np.ndarray
    run_center: np.ndarray
    center: np.ndarray  # XmR centre
    lcl: np.ndarray
    ucl: np.ndarray
    flags: dict[str, np.ndarray]  # signal name -> per-point flags
    signal: np.ndarray  # per point: any signal
    variation: list[str]  # per series: common / improving / worsening
    assurance: list[str | None]  # per series: meets / hit_and_miss / misses / None (no goal)
    suggest_phase: list[int | None]  # per series: month index where a sustained improving shift starts


FLAG_NAMES = ("shift", "trend", "too few crossings", "astronomical point", "outside limits")


def _batch(y: np.ndarray, kw: dict[str, Any]) -> dict[str, np.ndarray]:
    run = spc.run_chart(y, **kw)
    control = spc.i_chart(y, **kw)
    ihi = spc.ihi_rules(y, run.center, include=~np.isnan(y))
    return {
        "phase": run.phase,
        "run_center": run.center,
        "center": control.center,
        "lcl": control.lcl,
        "ucl": control.ucl,
        "shift": run.signals.long_run | ihi.shift,
        "long_run": run.signals.long_run,
        "trend": ihi.trend,
        "too few crossings": run.signals.crossings,
        "astronomical point": ihi.astronomical,
        "outside limits": control.signals.sigma,
    }


def analyse(
    y: np.ndarray,
    *,
    better_up: list[bool],
    goal: list[float | None],
    phase: np.ndarray | None = None,
    freeze: int | None = None,
) -> Analysis:
    """One batch over all series (rows of ``y``): a run chart, the IHI rules and an XmR chart.

    Series without phases of their own share the baseline ``freeze`` (the months before learning
    session 2); series with accepted phases (``phase``: phase numbers per point) are computed by phase.
    That is at most two batches of each chart, never a loop over series.

    Variation ("Making Data Count"): special cause when the last phase has a shift (a too-long run on
    one side of the baseline median, Anhøj) or an astronomical point, improving or worsening by the side
    of the latest such point. Assurance: the XmR limits of the last phase against the goal.
    """
    y = np.atleast_2d(np.asarray(y, dtype=float))
    n, k = y.shape
    out = {name: np.zeros((n, k), dtype=bool) for name in (*FLAG_NAMES, "long_run")}
    for name in ("run_center", "center", "lcl", "ucl"):
        out[name] = np.full((n, k), np.nan)
    out["phase"] = np.ones((n, k), dtype=np.int64)
    if n and k:
        phased = np.zeros(n, dtype=bool) if phase is None else phase.max(axis=1) > 1
        groups = [(~phased, {"freeze": freeze} if freeze and 0 < freeze < k else {})]
        if phased.any():
            groups.append((phased, {"part": phase[phased]}))
        for rows, kw in groups:
            if rows.any():
                for name, arr in _batch(y[rows], kw).items():
                    out[name][rows] = arr
    flags = {name: out[name] & ~np.isnan(y) for name in FLAG_NAMES}
    signal = np.zeros((n, k), dtype=bool)
    for f in flags.values():
        signal |= f
    in_last = out["phase"] == out["phase"][:, -1:]
    special = (out["long_run"] | flags["astronomical point"]) & ~np.isnan(y) & in_last
    with np.errstate(invalid="ignore"):
        side = np.sign(y - out["run_center"])
    up = np.asarray(better_up, dtype=bool)
    # Variation, vectorised: the side of the latest special-cause point of the last phase.
    any_hit = special.any(axis=1)
    last_hit = k - 1 - np.argmax(special[:, ::-1], axis=1)
    above = side[np.arange(n), last_hit] > 0
    codes = np.where(~any_hit, 0, np.where(above == up, 1, 2))
    variation = [(COMMON, IMPROVING, WORSENING)[c] for c in codes.tolist()]
    # Assurance: the last phase's XmR limits against the goal (flipped where lower is better).
    target = np.array([np.nan if g is None else g for g in goal], dtype=float)
    sign = np.where(up, 1.0, -1.0)
    lcl, ucl = out["lcl"][:, -1], out["ucl"][:, -1]
    low = np.where(up, lcl, -ucl)
    high = np.where(up, ucl, -lcl)
    t = sign * target
    with np.errstate(invalid="ignore"):
        a_codes = np.where(
            np.isnan(t) | np.isnan(low) | np.isnan(high), 0, np.where(low >= t, 1, np.where(high < t, 3, 2))
        )
    assurance = [(None, MEETS, HIT_AND_MISS, MISSES)[c] for c in a_codes.tolist()]
    # A new phase is suggested only where a too-long run reaches the last reported month.
    present = ~np.isnan(y)
    last_present = k - 1 - np.argmax(present[:, ::-1], axis=1)
    candidates = np.flatnonzero(present.any(axis=1) & out["long_run"][np.arange(n), last_present])
    suggest: list[int | None] = [None] * n
    if candidates.size:
        starts = _suggestions(out, y, candidates, up[candidates], last_present[candidates], freeze or 0)
        for i, start in zip(candidates.tolist(), starts.tolist(), strict=True):
            suggest[i] = start if start >= 0 else None
    return Analysis(
        y=y,
        phase=out["phase"],
        run_center=out["run_center"],
        center=out["center"],
        lcl=out["lcl"],
        ucl=out["ucl"],
        flags=flags,
        signal=signal,
        variation=variation,
        assurance=assurance,
        suggest_phase=suggest,
    )


def _suggestions(
    out: dict[str, np.ndarray], y: np.ndarray, rows: np.ndarray, up: np.ndarray, last: np.ndarray, freeze: int
) -> np.ndarray:
    """Where a sustained shift in the better direction starts (the first month of a phase to suggest), or −1.

    For each series of ``rows`` (whose last reported month, ``last``, is in a too-long run): the run
    (Anhøj) on the better side of the centre that reaches the last reported month; the new phase would
    start at the run's first point after the baseline, and never at the start of an existing phase.
    Vectorised over the series: the run is the reported months after the latest reported month, at or
    before ``last``, that breaks it (not flagged, not on the better side, or in another phase).
    """
    yy = y[rows]
    k = yy.shape[1]
    r = np.arange(rows.size)
    present = ~np.isnan(yy)
    center = out["run_center"][rows]
    phase = out["phase"][rows]
    with np.errstate(invalid="ignore"):
        better = np.where(up[:, None], yy > center, yy < center)
    flagged = out["long_run"][rows] & present
    same = phase == phase[r, last][:, None]
    cols = np.arange(k)
    breaks = present & ~(flagged & better & same) & (cols[None, :] <= last[:, None])
    last_break = np.where(breaks.any(axis=1), k - 1 - np.argmax(breaks[:, ::-1], axis=1), -1)
    after = present & (cols[None, :] > last_break[:, None])
    start = np.argmax(after, axis=1)  # the first reported month after the break (``last`` at the latest)
    start = np.where(phase[r, last] == 1, np.maximum(start, freeze), start)
    ok = better[r, last] & (start <= last) & (start > 0)
    safe = np.clip(start, 1, k - 1) if k > 1 else np.zeros_like(start)
    ok &= phase[r, np.minimum(start, k - 1)] == phase[r, safe - 1] if k > 1 else False
    return np.where(ok, start, -1)


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
