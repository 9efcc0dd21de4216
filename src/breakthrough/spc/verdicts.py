"""Verdicts on charts in the style of NHS "Making Data Count", and the new phases to suggest.

Pure numpy over arrays of shape ``(n_series, n_points)`` (missing points NaN), as the rest of the core.
``analyse`` runs the dashboards' batch (a run chart, the IHI rules and an XmR chart over every series at
once) and returns per-point flags with three verdicts per series:

- **variation**: common cause, or special cause *improving* / *worsening* by the side of the centre line of
  the latest special-cause point of the last phase (a too-long run, Anhøj, or an astronomical point);
- **assurance**: the last phase's XmR limits against the goal: consistently *meets* (the whole band on the
  better side), *misses* (the whole band on the worse side) or *hit and miss* (the goal inside the band);
- **suggested phase**: where a sustained shift in the better direction that reaches the last reported point
  starts (after the baseline), so that someone may rebase the chart there with a reason.

``with_control_chart`` swaps in the lines of a control chart a person picked (keeping the run chart's rules
and verdicts), and ``rare_event_variation`` is the verdict of a G or T chart, where longer gaps are better.

References
----------
NHS England (2019). *Making Data Count: Getting started*. NHS Improvement, pp. 14–17 (variation and
assurance icons).
Anhøj, J., & Olesen, A. V. (2014). Run charts revisited. *PLoS One* 9(11): e113825.
Provost, L. P., & Murray, S. K. (2011). *The Health Care Data Guide*. Jossey-Bass, ch. 7 (G and T charts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from breakthrough.spc._types import BoolArray, Chart, FloatArray, IntArray
from breakthrough.spc._validation import check_freeze, check_mask, check_series
from breakthrough.spc.charts import i_chart, run_chart
from breakthrough.spc.rules import ihi_rules

__all__ = [
    "COMMON",
    "FLAG_NAMES",
    "HIT_AND_MISS",
    "IMPROVING",
    "MEETS",
    "MISSES",
    "NO_DATA",
    "WORSENING",
    "Analysis",
    "analyse",
    "assurance",
    "present",
    "rare_event_variation",
    "suggest_phase",
    "variation",
    "with_control_chart",
]

COMMON = "common"
IMPROVING = "improving"
WORSENING = "worsening"
NO_DATA = "no_data"  # a series without a single point: no variation to speak of
MEETS = "meets"
HIT_AND_MISS = "hit_and_miss"
MISSES = "misses"

# The per-point signals a chart shows, by the name people read.
FLAG_NAMES = ("shift", "trend", "too few crossings", "astronomical point", "outside limits")


@dataclass(frozen=True)
class Analysis:
    """Run and control chart of every series: per-point lines and flags, per-series verdicts.

    Arrays are ``(n_series, n_points)``; ``center``, ``lcl`` and ``ucl`` are the XmR chart's (or, after
    ``with_control_chart``, the picked control chart's), ``run_center`` the run chart's median.
    """

    y: FloatArray
    phase: IntArray
    run_center: FloatArray
    center: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    flags: dict[str, BoolArray]  # signal name (FLAG_NAMES) -> per-point flags
    signal: BoolArray  # per point: any signal
    variation: list[str]  # per series: common / improving / worsening
    assurance: list[str | None]  # per series: meets / hit_and_miss / misses / None (no goal)
    suggest_phase: list[int | None]  # per series: the point where a sustained improving shift starts
    long_run: BoolArray  # per point: in a too-long run (Anhøj), the rule behind shifts and suggestions


def present(y: ArrayLike) -> BoolArray:
    """Where a series has a value (not NaN): the points that can carry a signal.

    Examples
    --------
    >>> present([[1.0, np.nan, 3.0]]).tolist()
    [[True, False, True]]
    """
    return ~np.isnan(check_series("y", y))


def _freeze(freeze: object) -> int:
    """The baseline's length as a whole number >= 0 (None: no baseline)."""
    if freeze is None or (not isinstance(freeze, bool) and freeze == 0):
        return 0
    return check_freeze(freeze) or 0


def _better(better_up: Sequence[bool] | ArrayLike, n: int) -> BoolArray:
    up = np.asarray(better_up, dtype=bool).reshape(-1)
    if up.shape != (n,):
        raise ValueError(f"better_up has {up.size} entries, expected one per series ({n})")
    return up


def variation(
    y: ArrayLike,
    center: ArrayLike,
    special: ArrayLike,
    *,
    better_up: Sequence[bool] | ArrayLike,
    phase: ArrayLike | None = None,
) -> list[str]:
    """Per series: ``COMMON``, or special cause ``IMPROVING`` / ``WORSENING``; ``NO_DATA`` for a series
    without a single point (saying "common cause" of nothing would mislead).

    The latest special-cause point of the last phase decides: above the centre line is improving where
    higher is better (``better_up``), worsening where lower is better, and the other way round below it.

    Parameters
    ----------
    y, center : array_like, shape (n_series, n_points)
        The plotted values (NaN where missing) and the centre line they are judged against.
    special : array_like of bool, shape (n_series, n_points)
        The special-cause points (missing points are ignored).
    better_up : sequence of bool, one per series
    phase : array_like of int, optional
        Phase numbers per point; only the phase of the last point counts (default: one phase).

    Returns
    -------
    list of str

    References
    ----------
    NHS England (2019). *Making Data Count: Getting started*, p. 15.

    Examples
    --------
    >>> variation([[1, 1, 5]], [[2, 2, 2]], [[False, False, True]], better_up=[True])
    ['improving']
    """
    yy = check_series("y", y)
    n, k = yy.shape
    cl = check_series("center", center, shape=yy.shape)
    flags = check_mask("special", special, yy.shape) & ~np.isnan(yy)
    up = _better(better_up, n)
    if phase is not None:
        ph = np.broadcast_to(np.asarray(phase), yy.shape)
        flags = flags & (ph == ph[:, -1:])
    if k == 0:
        return [NO_DATA] * n
    any_hit = flags.any(axis=1)
    last_hit = k - 1 - np.argmax(flags[:, ::-1], axis=1)
    with np.errstate(invalid="ignore"):
        above = (yy - cl)[np.arange(n), last_hit] > 0
    codes = np.where(~any_hit, 0, np.where(above == up, 1, 2))
    codes = np.where(np.isnan(yy).all(axis=1), 3, codes)
    return [(COMMON, IMPROVING, WORSENING, NO_DATA)[c] for c in codes.tolist()]


def assurance(
    lcl: ArrayLike,
    ucl: ArrayLike,
    goal: Sequence[float | None] | ArrayLike,
    *,
    better_up: Sequence[bool] | ArrayLike,
) -> list[str | None]:
    """Per series: whether the process's limits meet the goal: ``MEETS``, ``HIT_AND_MISS``, ``MISSES``.

    Where higher is better, the process consistently meets the goal when its lower limit is at or above
    it, and consistently misses it when its upper limit is below it; where lower is better, the other
    way round. None where there is no goal or no limits.

    Parameters
    ----------
    lcl, ucl : array_like, shape (n_series,)
        The limits of each series' last phase.
    goal : sequence of float or None, one per series
    better_up : sequence of bool, one per series

    Returns
    -------
    list of str or None

    References
    ----------
    NHS England (2019). *Making Data Count: Getting started*, p. 16.

    Examples
    --------
    >>> assurance([50, 30, 10], [70, 60, 40], [45, 45, 45], better_up=[True, True, True])
    ['meets', 'hit_and_miss', 'misses']
    """
    low_in = check_series("lcl", lcl)[0]
    high_in = check_series("ucl", ucl, shape=(1, low_in.size))[0]
    n = low_in.size
    target = np.array([np.nan if g is None else g for g in np.asarray(goal, dtype=object).reshape(-1)])
    if target.shape != (n,):
        raise ValueError(f"goal has {target.size} entries, expected one per series ({n})")
    up = _better(better_up, n)
    sign = np.where(up, 1.0, -1.0)
    low = np.where(up, low_in, -high_in)
    high = np.where(up, high_in, -low_in)
    t = sign * target.astype(float)
    with np.errstate(invalid="ignore"):
        codes = np.where(
            np.isnan(t) | np.isnan(low) | np.isnan(high), 0, np.where(low >= t, 1, np.where(high < t, 3, 2))
        )
    return [(None, MEETS, HIT_AND_MISS, MISSES)[c] for c in codes.tolist()]


def suggest_phase(
    y: ArrayLike,
    center: ArrayLike,
    long_run: ArrayLike,
    phase: ArrayLike,
    *,
    better_up: Sequence[bool] | ArrayLike,
    freeze: int | None = None,
) -> list[int | None]:
    """Per series: the point where a new phase could start, or None.

    A new phase is suggested only where the last reported point is in a too-long run (``long_run``) on the
    better side of the centre line. The phase would start at the run's first point, no earlier than the
    baseline's end (``freeze`` points, for a series still in its first phase), and never at the start of an
    existing phase. Missing points neither extend nor break the run.

    Parameters
    ----------
    y, center : array_like, shape (n_series, n_points)
    long_run : array_like of bool, shape (n_series, n_points)
        Points in a run on one side of the centre longer than Anhøj's limit.
    phase : array_like of int, shape (n_series, n_points)
    better_up : sequence of bool, one per series
    freeze : int, optional
        The baseline's length.

    Returns
    -------
    list of int or None

    References
    ----------
    Anhøj, J., & Olesen, A. V. (2014). Run charts revisited. *PLoS One* 9(11): e113825.

    Examples
    --------
    >>> y = [[1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5, 5]]
    >>> run = [[False] * 4 + [True] * 8]
    >>> suggest_phase(y, [[3] * 12], run, [[1] * 12], better_up=[True], freeze=4)
    [4]
    """
    yy = check_series("y", y)
    n, k = yy.shape
    cl = check_series("center", center, shape=yy.shape)
    runs = check_mask("long_run", long_run, yy.shape)
    ph = np.broadcast_to(np.asarray(phase, dtype=np.int64), yy.shape)
    up = _better(better_up, n)
    start_after = _freeze(freeze)
    out: list[int | None] = [None] * n
    if k == 0:
        return out
    has = ~np.isnan(yy)
    last = k - 1 - np.argmax(has[:, ::-1], axis=1)
    rows = np.flatnonzero(has.any(axis=1) & runs[np.arange(n), last])
    if rows.size:
        starts = _suggestions(yy[rows], cl[rows], runs[rows], ph[rows], up[rows], last[rows], start_after)
        for i, start in zip(rows.tolist(), starts.tolist(), strict=True):
            out[i] = start if start >= 0 else None
    return out


def _suggestions(
    yy: FloatArray,
    center: FloatArray,
    runs: BoolArray,
    phase: IntArray,
    up: BoolArray,
    last: IntArray,
    freeze: int,
) -> IntArray:
    """``suggest_phase`` for series whose last reported point (``last``) is in a too-long run; −1 for none.

    Vectorised over the series: the run is the reported points after the latest reported point, at or
    before ``last``, that breaks it (not flagged, not on the better side, or in another phase).
    """
    k = yy.shape[1]
    r = np.arange(yy.shape[0])
    has = ~np.isnan(yy)
    with np.errstate(invalid="ignore"):
        better = np.where(up[:, None], yy > center, yy < center)
    flagged = runs & has
    same = phase == phase[r, last][:, None]
    cols = np.arange(k)
    breaks = has & ~(flagged & better & same) & (cols[None, :] <= last[:, None])
    last_break = np.where(breaks.any(axis=1), k - 1 - np.argmax(breaks[:, ::-1], axis=1), -1)
    after = has & (cols[None, :] > last_break[:, None])
    start = np.argmax(after, axis=1)  # the first reported point after the break (``last`` at the latest)
    start = np.where(phase[r, last] == 1, np.maximum(start, freeze), start)
    ok = better[r, last] & (start <= last) & (start > 0)
    safe = np.clip(start, 1, k - 1) if k > 1 else np.zeros_like(start)
    ok &= phase[r, np.minimum(start, k - 1)] == phase[r, safe - 1] if k > 1 else False
    return np.where(ok, start, -1)


def _batch(y: FloatArray, kw: dict[str, Any]) -> dict[str, np.ndarray]:  # the charts' options, by name
    run = run_chart(y, **kw)
    control = i_chart(y, **kw)
    ihi = ihi_rules(y, run.center, include=~np.isnan(y))
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
    y: ArrayLike,
    *,
    better_up: Sequence[bool] | ArrayLike,
    goal: Sequence[float | None],
    phase: ArrayLike | None = None,
    freeze: int | None = None,
) -> Analysis:
    """One batch over all series (rows of ``y``): a run chart, the IHI rules and an XmR chart, and verdicts.

    Series without phases of their own share the baseline ``freeze`` (e.g. the months before a
    collaborative's second learning session); series with phases (``phase``: phase numbers per point,
    some above 1) are computed by phase. That is at most two batches of each chart, never a loop over series.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points)
    better_up : sequence of bool, one per series
    goal : sequence of float or None, one per series
    phase : array_like of int, shape (n_series, n_points), optional
    freeze : int, optional
        The baseline's length for series in one phase (ignored unless 0 < freeze < n_points).

    Returns
    -------
    Analysis

    References
    ----------
    NHS England (2019). *Making Data Count: Getting started*, pp. 14–17.
    Provost, L. P., & Murray, S. K. (2011). *The Health Care Data Guide*, ch. 3–4 (the IHI run chart rules).

    Examples
    --------
    >>> a = analyse([[40, 42, 38, 41, 39, 40, 70, 72, 71, 73, 70, 72, 71, 74]], better_up=[True],
    ...             goal=[60.0], freeze=6)
    >>> a.variation, a.assurance, a.suggest_phase
    (['improving'], ['misses'], [6])
    """
    yy = check_series("y", y)
    n, k = yy.shape
    up = _better(better_up, n)
    if len(goal) != n:
        raise ValueError(f"goal has {len(goal)} entries, expected one per series ({n})")
    freeze = _freeze(freeze)
    out = {name: np.zeros((n, k), dtype=bool) for name in (*FLAG_NAMES, "long_run")}
    for name in ("run_center", "center", "lcl", "ucl"):
        out[name] = np.full((n, k), np.nan)
    out["phase"] = np.ones((n, k), dtype=np.int64)
    if n and k:
        parts = None if phase is None else np.broadcast_to(np.asarray(phase, dtype=np.int64), (n, k))
        phased = np.zeros(n, dtype=bool) if parts is None else parts.max(axis=1) > 1
        groups: list[tuple[BoolArray, dict[str, object]]] = [
            (~phased, {"freeze": freeze} if 0 < freeze < k else {})
        ]
        if parts is not None and phased.any():
            groups.append((phased, {"part": parts[phased]}))
        for rows, kw in groups:
            if rows.any():
                for name, arr in _batch(yy[rows], kw).items():
                    out[name][rows] = arr
    has = ~np.isnan(yy)
    flags = {name: out[name] & has for name in FLAG_NAMES}
    signal = np.zeros((n, k), dtype=bool)
    for f in flags.values():
        signal |= f
    special = out["long_run"] | flags["astronomical point"]

    def last(line: FloatArray) -> FloatArray:  # the last phase's value of a line, per series
        return line[:, -1] if k else np.full(n, np.nan)

    return Analysis(
        y=yy,
        phase=out["phase"],
        run_center=out["run_center"],
        center=out["center"],
        lcl=out["lcl"],
        ucl=out["ucl"],
        flags=flags,
        signal=signal,
        variation=variation(yy, out["run_center"], special, better_up=up, phase=out["phase"]),
        assurance=_as_reported(
            assurance(last(out["lcl"]), last(out["ucl"]), goal, better_up=up), yy, out["phase"], goal, up
        ),
        suggest_phase=suggest_phase(
            yy, out["run_center"], out["long_run"], out["phase"], better_up=up, freeze=freeze
        ),
        long_run=out["long_run"],
    )


def _as_reported(
    found: list[str | None], y: FloatArray, phase: IntArray, goal: Sequence[float | None], up: BoolArray
) -> list[str | None]:
    """The limits' assurance, kept only where the last phase's reported months agree with it: a process
    "consistently misses" its goal only if no month of the phase reached it, and "consistently meets" it
    only if every month did; otherwise it is hit and miss (a month beyond the limits can reach a goal the
    limits miss)."""
    out = list(found)
    for i, verdict in enumerate(found):
        if verdict not in (MEETS, MISSES) or goal[i] is None:
            continue
        months = y[i][(phase[i] == phase[i, -1]) & ~np.isnan(y[i])]
        reached = months >= goal[i] if up[i] else months <= goal[i]
        if (verdict == MISSES and reached.any()) or (verdict == MEETS and not reached.all()):
            out[i] = HIT_AND_MISS
    return out


def with_control_chart(analysis: Analysis, chart: Chart) -> Analysis:
    """``analysis`` with the lines of a control chart a person picked: its centre and limits, and
    "outside limits" flagged where a reported point lies beyond them. The run chart's rules and the
    verdicts stay as they were (they judge the process, whichever chart draws it).

    Examples
    --------
    >>> from breakthrough.spc import p_chart
    >>> a = analyse([[40.0, 42, 38, 90]], better_up=[True], goal=[None])
    >>> p = p_chart([[40, 42, 38, 90]], [[100, 100, 100, 100]], multiply=100)
    >>> with_control_chart(a, p).flags["outside limits"].tolist()
    [[False, False, False, True]]
    """
    if chart.y.shape != analysis.y.shape:
        raise ValueError(f"chart has shape {chart.y.shape}, expected {analysis.y.shape} like the analysis")
    outside = chart.signals.sigma & ~np.isnan(chart.y)
    flags = {**analysis.flags, "outside limits": outside}
    signal = np.zeros(chart.y.shape, dtype=bool)
    for f in flags.values():
        signal |= f
    return Analysis(
        y=chart.y,
        phase=chart.phase,
        run_center=analysis.run_center,
        center=chart.center,
        lcl=chart.lcl,
        ucl=chart.ucl,
        flags=flags,
        signal=signal,
        variation=analysis.variation,
        assurance=analysis.assurance,
        suggest_phase=analysis.suggest_phase,
        long_run=analysis.long_run,
    )


def rare_event_variation(chart: Chart) -> list[str]:
    """Per series of a G or T chart (the time between rare events): longer gaps are better.

    Special cause is a point outside the limits or in a too-long run; the verdict is ``IMPROVING`` if any
    special-cause point lies above the centre line (a long quiet spell), else ``WORSENING`` if any lies
    below it (events closer together), else ``COMMON``.

    References
    ----------
    Provost, L. P., & Murray, S. K. (2011). *The Health Care Data Guide*, pp. 228 and 355.

    Examples
    --------
    >>> from breakthrough.spc import g_chart
    >>> rare_event_variation(g_chart([[10, 4, 20, 6, 2, 30, 8, 120]]))
    ['improving']
    """
    special = chart.signals.sigma | chart.signals.long_run
    with np.errstate(invalid="ignore"):
        up = (special & (chart.y > chart.center)).any(axis=1)
        down = (special & (chart.y < chart.center)).any(axis=1)
    return [
        IMPROVING if u else WORSENING if d else COMMON
        for u, d in zip(up.tolist(), down.tolist(), strict=True)
    ]
