"""Signal rules for run and control charts: Anhøj (with qicharts2's variants) and IHI.

Every function works on arrays of shape ``(n_series, n_points)``, one series per row, looping only
over the points (a handful of columns), never over the series.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from breakthrough.spc import _bits, _tables
from breakthrough.spc._types import BoolArray, FloatArray, IHISignals, Runs
from breakthrough.spc._validation import check_mask, check_method, check_series

__all__ = ["anhoej_rules", "ihi_rules"]


def _signs(y: FloatArray, center: FloatArray, include: BoolArray) -> tuple[NDArray[np.int8], BoolArray]:
    with np.errstate(invalid="ignore"):
        diff = y - center
        above, below = diff > 0, diff < 0  # NaN is neither
    above &= include
    below &= include
    return above.view(np.int8) - below.view(np.int8), above | below


def _run_lengths(
    sign: NDArray[np.int8], useful: BoolArray
) -> tuple[NDArray[np.integer], NDArray[np.integer]]:
    """Per useful point: the length of the run so far, and the final length of its run.

    Points off the centre line only; a point on the line or missing neither extends nor breaks a run.
    """
    n_series, n_points = sign.shape
    sign, useful = np.asfortranarray(sign), np.asfortranarray(useful)  # the loops read columns
    dt = np.int16 if n_points < 32000 else np.int32
    so_far = np.zeros((n_series, n_points), dtype=dt, order="F")
    last = np.zeros(n_series, dtype=np.int8)
    cur = np.zeros(n_series, dtype=dt)
    for j in range(n_points):
        u, s = useful[:, j], sign[:, j]
        cur = np.where(u, np.where(s == last, cur + 1, 1), cur)
        last = np.where(u, s, last)
        so_far[:, j] = np.where(u, cur, 0)
    final = np.zeros_like(so_far)
    carry = np.zeros(n_series, dtype=dt)
    next_starts = np.ones(n_series, dtype=bool)
    for j in range(n_points - 1, -1, -1):
        u, here = useful[:, j], so_far[:, j]
        carry = np.where(u & next_starts, here, carry)
        final[:, j] = np.where(u, carry, 0)
        next_starts = np.where(u, here == 1, next_starts)
    return so_far, final


def _box_signal(n: FloatArray, crossings: FloatArray, longest: FloatArray, method: str) -> BoolArray:
    ok = (n >= 10) & (n <= 100)
    idx = np.where(ok, n - 10, 0).astype(np.intp)
    cb, lb = _tables.BOX_CB[idx], _tables.BOX_LB[idx]
    inside = (crossings >= cb) & (longest <= lb)
    if method == "bestbox":
        return ok & ~inside
    cbord, lbord = _tables.BOX_CBORD[idx], _tables.BOX_LBORD[idx]
    border = ~np.isnan(cbord)
    calm = (
        ((crossings >= cb + 1) & (longest <= lb - 1))
        | ((crossings == cb) & (longest <= lbord))
        | ((crossings >= cbord) & (longest <= lb))
    )
    return ok & np.where(border, ~calm, ~inside)


def _anhoej(
    y: FloatArray, center: FloatArray, include: BoolArray, method: str
) -> tuple[Runs, BoolArray, BoolArray]:
    """Runs statistics per row and the per-point flags (long run, too few crossings)."""
    with np.errstate(invalid="ignore"):
        above, below = y > center, y < center  # NaN is neither; same as the sign of y − center
    if not _bits.all_true(include):
        above &= include
        below &= include
    if y.shape[1] <= _bits.MAX_POINTS:
        return _anhoej_bits(above, below, include, method)
    sign = above.view(np.int8) - below.view(np.int8)
    useful = above | below
    so_far, final = _run_lengths(sign, useful)
    n_useful = useful.sum(axis=1).astype(float)
    n_runs = (useful & (so_far == 1)).sum(axis=1).astype(float)
    longest = final.max(axis=1, initial=0).astype(float)
    runs = _runs(n_useful, n_runs, longest, include, method, y.shape[1])
    long_run = useful & (final > runs.longest_run_max[:, None])
    return runs, long_run, _few_crossings(useful, runs)


def _runs(
    n_useful: FloatArray, n_runs: FloatArray, longest: FloatArray, include: BoolArray, method: str, width: int
) -> Runs:
    max_table, min_table = _tables.anhoej_table(max(width, 1))
    idx = n_useful.astype(np.intp)
    longest_max, crossings_min = max_table[idx], min_table[idx]
    none = n_useful == 0
    crossings = np.where(none, np.nan, np.maximum(n_runs - 1, 0))
    longest = np.where(none, np.nan, longest)
    signal = ~none & ((longest > longest_max) | (crossings < crossings_min))
    if method != "anhoej":
        boxed = (n_useful >= 10) & (n_useful <= 100)
        signal = np.where(boxed, _box_signal(n_useful, crossings, longest, method), signal)
    every = _bits.all_true(include)
    n_obs = np.full(include.shape[0], float(width)) if every else include.sum(axis=1).astype(float)
    return Runs(
        n_obs=n_obs,
        n_useful=n_useful,
        longest_run=longest,
        longest_run_max=longest_max,
        n_crossings=crossings,
        n_crossings_min=crossings_min,
        signal=signal,
    )


def _few_crossings(useful: BoolArray, runs: Runs) -> BoolArray:
    few = runs.n_crossings < runs.n_crossings_min
    if not few.any():
        return np.zeros(useful.shape, dtype=bool)
    return useful & few[:, None]


def _anhoej_bits(
    above: BoolArray, below: BoolArray, include: BoolArray, method: str
) -> tuple[Runs, BoolArray, BoolArray]:
    """:func:`_anhoej` for up to 64 points, on one word per series (see ``_bits``)."""
    n_rows, width = above.shape
    n_bytes = (width + 7) // 8
    up_bytes, down_bytes = _bits.pack(above), _bits.pack(below)
    useful_bytes = up_bytes | down_bytes
    # bit k of signs: the k-th useful point is above; rows with every point useful need no gathering
    signs, count = _bits.as_words(up_bytes).copy(), np.full(n_rows, width, dtype=np.uint8)
    partial = np.flatnonzero(_bits.as_words(useful_bytes) != _bits.full_word(width))
    if partial.size:
        signs[partial], count[partial] = _bits.compress(up_bytes[partial], useful_bytes[partial], n_bytes)
    n_useful = count.astype(float)
    between = _bits.low_bits(np.maximum(count, 1) - 1)
    changes = (signs ^ (signs >> np.uint64(1))) & between
    n_runs = np.bitwise_count(changes).astype(float)
    n_runs += count > 0
    longest = _bits.longest_ones(~changes & between, width - 1).astype(float)
    longest += 1
    runs = _runs(n_useful, n_runs, longest, include, method, width)
    long_run = np.zeros((n_rows, width), dtype=bool)
    rows = np.flatnonzero(longest > runs.longest_run_max)
    if rows.size:
        limit = runs.longest_run_max[rows].astype(np.int64)
        marked = _bits.runs_longer(signs[rows], _bits.low_bits(count[rows]), limit)
        grid = _bits.as_words(useful_bytes[rows]) != _bits.full_word(width)
        if grid.any():  # gathered bits back to their points
            bytes_ = marked.astype("<u8").view(np.uint8).reshape(-1, 8)
            bytes_[grid] = _bits.deposit(marked[grid], useful_bytes[rows][grid], n_bytes)
        else:
            bytes_ = marked.astype("<u8").view(np.uint8).reshape(-1, 8)
        long_run[rows] = np.unpackbits(bytes_, axis=1, count=width, bitorder="little").view(bool)
    few = runs.n_crossings < runs.n_crossings_min
    crossings = np.zeros((n_rows, width), dtype=bool)
    if few.any():
        rows = np.flatnonzero(few)
        crossings[rows] = above[rows] | below[rows]
    return runs, long_run, crossings


def anhoej_rules(
    y: ArrayLike, center: ArrayLike, *, include: ArrayLike | None = None, method: str = "anhoej"
) -> tuple[Runs, BoolArray, BoolArray]:
    """Anhøj's runs analysis of each series against its centre line.

    Points on the centre line, missing points and points not in ``include`` are dropped. A series
    signals when its longest run is longer than ``round(log2(n_useful)) + 3`` or it crosses the centre
    line fewer times than the 5% quantile of Binomial(n_useful − 1, 0.5). ``method="bestbox"`` or
    ``"cutbox"`` use qicharts2's box limits instead for 10 <= n_useful <= 100.

    Parameters
    ----------
    y, center : array_like, shape (n_series, n_points) or (n_points,)
        Values and the centre line at each point.
    include : array_like of bool, optional
        Points to analyse (default: all).
    method : {"anhoej", "bestbox", "cutbox"}

    Returns
    -------
    runs : Runs
        Per-series statistics, each of shape ``(n_series, 1)``.
    long_run : ndarray of bool
        Points that belong to a run longer than ``longest_run_max``.
    crossings : ndarray of bool
        Useful points of series with too few crossings.

    References
    ----------
    .. [1] Anhøj J, Olesen AV. Run charts revisited: a simulation study of run chart rules for
       detection of non-random variation in health care processes. PLoS One 2014;9(11):e113825.
    .. [2] Schilling MF. The surprising predictability of long runs. Math Mag 2012;85:141-149.
    .. [3] Chen Z. A note on the runs test. Model Assist Stat Appl 2010;5:73-77.
    .. [4] Anhøj J. qicharts2 0.8.1, ``runs.analysis()`` and ``crsignal()``.

    Examples
    --------
    >>> runs, long_run, _ = anhoej_rules([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0] * 10)
    >>> bool(runs.signal[0, 0]), int(runs.longest_run[0, 0]), int(runs.longest_run_max[0, 0])
    (True, 10, 6)
    """
    y_arr = check_series("y", y)
    c_arr = np.broadcast_to(check_series("center", center), y_arr.shape)
    inc = np.ones(y_arr.shape, dtype=bool) if include is None else check_mask("include", include, y_arr.shape)
    runs, long_run, few = _anhoej(y_arr, c_arr, inc, check_method(method))
    as_col = {k: getattr(runs, k)[:, None] for k in runs.__dataclass_fields__}
    return Runs(**as_col), long_run, few


def _trend_flags(y: FloatArray, include: BoolArray, min_points: int) -> BoolArray:
    """Points in 5+ consecutive points all going up or all going down; equal values are skipped."""
    n_series, n_points = y.shape
    valid = include & ~np.isnan(y)
    last = np.full(n_series, np.nan)
    direction = np.zeros(n_series, dtype=np.int8)
    steps = np.zeros(n_series, dtype=np.int32)
    step_at = np.zeros((n_series, n_points), dtype=np.int32)
    counted = np.zeros((n_series, n_points), dtype=bool)
    for j in range(n_points):
        yj = y[:, j]
        with np.errstate(invalid="ignore"):
            d = np.sign(yj - last).astype(np.int8) if n_series else np.zeros(0, np.int8)
        first = valid[:, j] & np.isnan(last)
        step = valid[:, j] & ~np.isnan(last) & (d != 0)
        steps = np.where(step, np.where(d == direction, steps + 1, 1), np.where(first, 0, steps))
        direction = np.where(step, d, np.where(first, 0, direction))
        counted[:, j] = first | step
        step_at[:, j] = np.where(step, steps, 0)
        last = np.where(first | step, yj, last)
    flags = np.zeros_like(counted)
    carry = np.zeros(n_series, dtype=np.int32)
    next_starts = np.ones(n_series, dtype=bool)
    next_len = np.zeros(n_series, dtype=np.int32)
    for j in range(n_points - 1, -1, -1):
        c, s = counted[:, j], step_at[:, j]
        carry = np.where(c & (s > 0) & next_starts, s, carry)
        own = (s > 0) & (carry >= min_points - 1)
        starter = next_starts & (next_len >= min_points - 1)
        flags[:, j] = c & (own | starter)
        next_len = np.where(c, np.where(s > 0, carry, 0), next_len)
        next_starts = np.where(c, s <= 1, next_starts)
    return flags


def ihi_rules(
    y: ArrayLike,
    center: ArrayLike | None = None,
    *,
    include: ArrayLike | None = None,
    shift: int = 6,
    trend: int = 5,
) -> IHISignals:
    """The IHI run-chart rules, per point, for each series.

    1. Shift: ``shift`` (6) or more consecutive points on one side of the median; points on the
       median neither add to nor break a shift.
    2. Trend: ``trend`` (5) or more consecutive points all going up or all going down; a point equal
       to the one before is skipped (it neither adds to nor breaks a trend).
    3. Runs: too few or too many runs for the number of useful points (10–60), from Perla et al.'s
       table based on Swed & Eisenhart; all useful points of the series are flagged.
    4. Astronomical point: judged by eye in the IHI guide; operationalised here as a point more than
       3 sigma from the centre, sigma = screened average moving range / 1.128 of the included points.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
    center : array_like, optional
        Centre line (default: the median of the included points of each series).
    include : array_like of bool, optional
    shift, trend : int
        Minimum number of points of a shift and of a trend.

    Returns
    -------
    IHISignals

    References
    ----------
    .. [1] Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool for learning
       from variation in healthcare processes. BMJ Qual Saf 2011;20:46-51.
    .. [2] Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass, 2011, chapter 3.
    .. [3] Swed FS, Eisenhart C. Tables for testing randomness of grouping in a sequence of
       alternatives. Ann Math Stat 1943;14:66-87.

    Examples
    --------
    >>> s = ihi_rules([1, 2, 3, 4, 5, 2, 2, 9, 9, 9, 9, 9, 9, 1])
    >>> s.trend[0].astype(int).tolist()
    [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    """
    y_arr = check_series("y", y)
    inc = np.ones(y_arr.shape, dtype=bool) if include is None else check_mask("include", include, y_arr.shape)
    if center is None:
        med = np.nanmedian(np.where(inc, y_arr, np.nan), axis=1) if y_arr.size else np.zeros(0)
        c_arr = np.broadcast_to(med[:, None], y_arr.shape)
    else:
        c_arr = np.broadcast_to(check_series("center", center), y_arr.shape)
    sign, useful = _signs(y_arr, c_arr, inc)
    so_far, final = _run_lengths(sign, useful)
    n_useful = useful.sum(axis=1).astype(float)
    n_runs = np.where(n_useful > 0, (useful & (so_far == 1)).sum(axis=1), np.nan)
    lower, upper = _tables.runs_limits(n_useful)
    odd = (n_runs < lower) | (n_runs > upper)
    return IHISignals(
        shift=useful & (final >= shift),
        trend=_trend_flags(y_arr, inc, trend),
        runs=useful & odd[:, None],
        astronomical=_astronomical(y_arr, c_arr, inc),
        n_runs=n_runs,
    )


def _astronomical(y: FloatArray, center: FloatArray, include: BoolArray) -> BoolArray:
    from breakthrough.spc._limits import screened_sigma

    sigma = screened_sigma(np.where(include, y, np.nan), include)
    with np.errstate(invalid="ignore"):
        return include & (np.abs(y - center) > 3 * sigma[:, None])
