"""The batch core: every chart type over many series at once.

Arrays are ``(n_series, n_points)``; a 1-D array is one series. A missing month is NaN and keeps
its place. Phases (``part``), a frozen baseline (``freeze``) and excluded points (``exclude``)
follow qicharts2's semantics; each phase is computed as a series of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from breakthrough.spc import _bits, _limits, _phases, rules
from breakthrough.spc._types import BoolArray, Chart, FloatArray, IntArray, Runs, Signals
from breakthrough.spc._validation import (
    check_cl,
    check_freeze,
    check_mask,
    check_method,
    check_multiply,
    check_nonnegative,
    check_positions,
    check_positive,
    check_series,
)

__all__ = [
    "c_chart",
    "g_chart",
    "i_chart",
    "ip_chart",
    "mr_chart",
    "p_chart",
    "pp_chart",
    "run_chart",
    "s_chart",
    "t_chart",
    "u_chart",
    "up_chart",
    "xbar_chart",
]


BLOCK = 4096  # series per block; chosen by measurement (benchmarks/README.md, "Block size")


@dataclass(frozen=True)
class Options:
    """Options shared by every chart, already validated. ``present`` None: every point is a subgroup."""

    phase: IntArray
    baseline: BoolArray
    include: BoolArray
    present: BoolArray | None
    cl: FloatArray
    multiply: float = 1.0
    y_neg: bool = True
    method: str = "anhoej"
    screened_mr: bool = True
    categorical: bool = False


def options(
    shape: tuple[int, int],
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Options:
    """Validate the shared options once (the gate every public chart function goes through)."""
    n_series, n_points = shape
    part_arr = None if part is None else np.asarray(part)
    if part_arr is not None and part_arr.ndim == 2:
        if part_arr.shape != shape or np.any(np.diff(part_arr, axis=1) < 0) or part_arr.min(initial=1) < 1:
            raise ValueError(f"part must be non-decreasing phase numbers from 1 of shape {shape}")
        phase = part_arr.astype(np.int64)
    else:
        phase = _phases.phases_from_breaks(check_positions("part", part), n_series, n_points)
    frozen = None if part is not None else check_freeze(freeze)
    baseline = np.broadcast_to(np.arange(n_points) < (frozen or n_points + 1), shape)
    include = np.broadcast_to(True, shape) if exclude is None else ~check_mask("exclude", exclude, shape)
    return Options(
        phase=phase,
        baseline=baseline,
        include=include,
        present=None,
        cl=check_cl(cl, n_series),
        multiply=check_multiply(multiply),
        y_neg=bool(y_neg),
        method=check_method(method),
        screened_mr=bool(screened_mr),
    )


@dataclass(frozen=True)
class _Out:
    """The chart's arrays, allocated once and filled block by block."""

    lines: dict[str, FloatArray]
    flags: dict[str, BoolArray]
    runs: dict[str, FloatArray]
    signal: BoolArray

    @classmethod
    def allocate(cls, n_series: int, n_points: int, k: int, per_series: tuple[str, ...]) -> _Out:
        """``per_series`` lines hold one number per series (shown as a read-only broadcast)."""
        shape = {name: n_series if name in per_series else (n_series, n_points) for name in LINE_NAMES}
        lines = {name: np.empty(shape[name]) for name in LINE_NAMES}
        flags = {name: np.empty((n_series, n_points), dtype=bool) for name in Signals.__dataclass_fields__}
        runs = {name: np.empty((n_series, k)) for name in RUN_FIELDS}
        return cls(lines, flags, runs, np.empty((n_series, k), dtype=bool))


LINE_NAMES = ("y", "center", "lcl", "ucl", "lcl_95", "ucl_95")
# Charts whose limits are the same at every point of a phase (their sigma does not depend on n).
LEVEL_LIMITS = frozenset({"run", "i", "mr", "t", "c", "g"})


def _per_series(kind: str, k: int, present: BoolArray | None) -> tuple[str, ...]:
    """The lines that are one number per series: with one phase and every point present, the centre,
    and the limits of the charts in LEVEL_LIMITS."""
    if k > 1 or present is not None:
        return ()
    return ("center", "lcl", "ucl", "lcl_95", "ucl_95") if kind in LEVEL_LIMITS else ("center",)


RUN_FIELDS = ("n_obs", "n_useful", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min")


def _max_phase(phase: IntArray) -> int:
    if phase.size and phase.strides[0] == 0:  # the same phases for every series (a broadcast row)
        return int(phase[0].max(initial=1))
    return int(phase.max(initial=1))


def compute(kind: str, fields: dict[str, FloatArray], opt: Options, *, block: int | None = None) -> Chart:
    """Compute chart ``kind`` from subgroup fields (y, n, y_sum, y_len, y_mean, y_sd).

    Series are processed ``block`` at a time (each phase row depends on its own points only), into
    arrays allocated once; the result does not depend on ``block``.
    """
    block = BLOCK if block is None else max(int(block), 1)
    n_series, n_points = fields["y"].shape
    present = None if opt.present is None or _bits.all_true(opt.present) else opt.present
    if kind == "t":
        times = fields["y"] if present is None else np.where(present, fields["y"], np.nan)
        check_positive("y", times, "time")
    k = _max_phase(opt.phase)
    width = n_points
    if k > 1:  # the phase rows are as wide as the longest phase of any series, as one layout
        width = max((_phases.layout(opt.phase[a : a + block], k).width for a in range(0, n_series, block)),
                    default=1)  # fmt: skip
    out = _Out.allocate(n_series, n_points, k, _per_series(kind, k, present))
    for start in range(0, n_series, block):
        rows = slice(start, min(start + block, n_series))
        _block(kind, fields, opt, present, rows, (k, width), out)
    signals = Signals(**out.flags)
    lines = {name: a if a.ndim == 2 else np.broadcast_to(a[:, None], (n_series, n_points))
             for name, a in out.lines.items()}  # fmt: skip
    return Chart(
        kind=kind,
        **lines,
        phase=opt.phase,
        baseline=opt.baseline,
        include=opt.include,
        signals=signals,
        runs=Runs(**out.runs, signal=out.signal),
    )


def _block(
    kind: str,
    fields: dict[str, FloatArray],
    opt: Options,
    present: BoolArray | None,
    rows: slice,
    layout: tuple[int, int],
    out: _Out,
) -> None:
    """One block of series: limits, runs analysis and flags, written into ``out`` at ``rows``."""
    k, width = layout
    lay = _phases.layout(opt.phase[rows], k, width) if k > 1 else None
    pres = None if present is None else present[rows]
    include = opt.include[rows] if pres is None else opt.include[rows] & pres
    base = opt.baseline[rows] if _bits.all_true(include) else opt.baseline[rows] & include
    if lay is not None:
        inc_rows = lay.pack(include, False)
        base_rows = lay.pack(base, False)
        pres_rows = lay.pack(np.ones(include.shape, dtype=bool) if pres is None else pres, False)
    else:
        inc_rows, base_rows = include, base
        pres_rows = np.broadcast_to(True, include.shape) if pres is None else pres
    groups = _limits.Groups(
        **{name: v[rows] if lay is None else lay.pack(v[rows], np.nan) for name, v in fields.items()},
        base=base_rows,
        present=pres_rows,
        cl=np.repeat(opt.cl[rows], k) if k > 1 else opt.cl[rows],
        categorical=opt.categorical,
        screened=opt.screened_mr,
        base_all=_bits.all_true(base_rows),
        present_all=_bits.all_true(pres_rows),
    )
    y, lines = _limits.CHARTS[kind](groups)
    center = np.asarray(lines[0], dtype=np.float64)
    runs, long_run, crossings = rules._anhoej(y, center[:, None], inc_rows, opt.method)
    dst = {name: out.lines[name][rows] for name in LINE_NAMES}
    for name, line in zip(LINE_NAMES, (y, *lines), strict=True):
        _finish(line, dst[name], lay, opt.multiply, pres, limit=name not in ("y", "center"))
    sigma = out.flags["sigma"][rows]
    if all(isinstance(a, float) and np.isnan(a) for a in lines[1:3]):
        sigma[...] = False
    else:
        with np.errstate(invalid="ignore"):
            np.greater(dst["y"], _col(dst["ucl"]), out=sigma)
            sigma |= dst["y"] < _col(dst["lcl"])
    quiet = kind == "mr" or opt.categorical
    if not opt.y_neg:
        floor_negative_limits(dst["y"], dst["lcl"], dst["lcl_95"], pres, out=True)
    signal = np.zeros_like(runs.signal) if quiet else runs.signal
    _spread(signal, out.flags["runs"][rows], lay, include.shape[1])
    if pres is not None:
        out.flags["runs"][rows] &= pres
    for name, flag in (("long_run", long_run), ("crossings", crossings)):
        target = out.flags[name][rows]
        if quiet:
            target[...] = False
        elif lay is None:
            target[...] = flag
        else:
            target[...] = lay.unpack(flag)
    n_rows = rows.stop - rows.start
    for name in RUN_FIELDS:
        out.runs[name][rows] = getattr(runs, name).reshape(n_rows, k)
    out.signal[rows] = signal.reshape(n_rows, k)


def _spread(per_row: BoolArray, target: BoolArray, lay: _phases.Layout | None, width: int) -> None:
    """A value per phase row to every point of the row."""
    if lay is None:
        target[...] = per_row[:, None]
    else:
        target[...] = lay.unpack(np.broadcast_to(per_row[:, None], (per_row.shape[0], lay.width)))


def _finish(
    line: FloatArray | float,
    dst: FloatArray,
    lay: _phases.Layout | None,
    multiply: float,
    present: BoolArray | None,
    *,
    limit: bool,
) -> None:
    """A line (per row, per point or constant) into ``dst``: multiplied, NaN where no point, and for a
    limit NaN where infinite."""
    a = line if isinstance(line, float) else np.asarray(line, dtype=np.float64)
    if multiply != 1:
        a = a * multiply
    if limit:
        if isinstance(a, float):
            a = float("nan") if np.isinf(a) else a
        else:
            inf = np.isinf(a)
            if inf.any():
                a = np.where(inf, np.nan, a)
    if dst.ndim == 1:  # one number per series (and a line that is)
        dst[...] = a
    elif isinstance(a, float) or a.ndim == 1:
        if lay is None:
            dst[...] = a if isinstance(a, float) else a[:, None]
        else:
            row = np.full(lay.row.shape[0] * lay.n_phases, a) if isinstance(a, float) else a
            dst[...] = lay.unpack(np.broadcast_to(row[:, None], (row.shape[0], lay.width)))
    elif lay is None:
        dst[...] = a
    else:
        dst[...] = lay.unpack(a)
    if present is not None:
        dst[~present] = np.nan


def _col(a: NDArray[Any], like: NDArray[Any] | None = None) -> NDArray[Any]:
    """A per-series vector as a column, to combine with (n_series, n_points) arrays."""
    return a[:, None] if a.ndim == 1 and (like is None or like.ndim == 2) else a


def floor_negative_limits(
    y: FloatArray, lcl: FloatArray, lcl95: FloatArray, present: BoolArray | None, *, out: bool = False
) -> tuple[FloatArray, FloatArray]:
    """qicharts2's ``y.neg = FALSE``: negative lower limits become 0 where no y is negative (per row).

    With ``out``, ``lcl`` and ``lcl95`` are changed in place.
    """
    with np.errstate(invalid="ignore"):
        seen = ~np.isnan(y) if present is None else present & ~np.isnan(y)
        low = np.where(seen, y, np.inf).min(axis=1) >= 0
        new_lcl = np.where(_col(low, lcl) & (lcl < 0), 0.0, lcl)
        new_lcl95 = np.where(_col(low, lcl95) & (lcl95 < 0), 0.0, lcl95)
    if out:
        lcl[...], lcl95[...] = new_lcl, new_lcl95
    return new_lcl, new_lcl95


def _single(y: ArrayLike, name: str = "y") -> tuple[FloatArray, dict[str, FloatArray]]:
    arr = check_series(name, y)
    return arr, {"y": arr, "y_sum": arr}


def _ratio(num: ArrayLike, den: ArrayLike) -> tuple[FloatArray, dict[str, FloatArray]]:
    a = check_series("numerators", num)
    b = check_series("denominators", den, shape=a.shape)
    check_nonnegative("denominators", b)
    missing = np.isnan(a)
    missing |= np.isnan(b)
    if missing.any():
        a, b = np.where(missing, np.nan, a), np.where(missing, np.nan, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        y = a / b
    return a, {"y": y, "n": b, "y_sum": a}


_OPTIONS_DOC = """
    part : sequence of int or array of int, optional
        Positions after which a new phase starts (the same for every series), or phase numbers from 1
        of shape ``(n_series, n_points)``. Each phase has its own centre, limits and runs analysis.
    freeze : int, optional
        The first ``freeze`` points are the baseline the centre and limits come from; ignored with
        ``part``.
    exclude : array_like of bool, optional
        Points left out of the centre, limits and runs analysis (still plotted and flagged).
    cl : float or array_like, optional
        A fixed centre line (one, or one per series; NaN = compute).
    multiply : float
        Multiply y and every line by this (e.g. 100 for percent).
    y_neg : bool
        If False, negative lower limits become 0 in series with no negative value.
    method : {"anhoej", "bestbox", "cutbox"}
        Runs-analysis rule set.
    screened_mr : bool
        Drop moving ranges above 3.267 × the average once before estimating sigma (qicharts2's
        ``qic.screenedmr``; I, T, P′, U′ and I′ charts).
"""


def _doc[F: Callable[..., Chart]](f: F) -> F:
    """Write the shared options into the docstring's ``{options}`` slot."""
    f.__doc__ = (f.__doc__ or "").replace("    {options}\n", _OPTIONS_DOC.strip("\n") + "\n")
    return f


OPTION_NAMES = ("part", "freeze", "exclude", "cl", "multiply", "y_neg", "method", "screened_mr")


def _opts(scope: dict[str, Any]) -> dict[str, Any]:
    """The shared options among a chart function's arguments."""
    return {name: scope[name] for name in OPTION_NAMES}


def _make(kind: str, fields: dict[str, FloatArray], opt: dict[str, Any]) -> Chart:
    """Validate the options against the data's shape, then compute."""
    return compute(kind, fields, options(fields["y"].shape, **opt))


@_doc
def run_chart(
    y: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """Run chart: the median of the baseline as centre line, no limits.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Anhøj J, Olesen AV. Run charts revisited. PLoS One 2014;9(11):e113825.

    Examples
    --------
    >>> ch = run_chart([3, 5, 4, 6, 5, 7])
    >>> float(ch.center[0, 0])
    5.0
    """
    return _make("run", _single(y)[1], _opts(locals()))


@_doc
def i_chart(
    y: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """I chart (individuals): mean ± 3 × average moving range / 1.128.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eq. 6.33.
    .. [2] Nelson LS. Control charts for individual measurements. J Qual Technol 1982;14:172-173.

    Examples
    --------
    >>> ch = i_chart([1, 2, 3, 2, 1, 2, 3, 2])
    >>> round(float(ch.center[0, 0]), 3), round(float(ch.ucl[0, 0]), 3)
    (2.0, 4.66)
    """
    return _make("i", _single(y)[1], _opts(locals()))


@_doc
def mr_chart(
    y: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """MR chart: moving ranges of ``y`` with centre their mean and upper limit 3.267 × centre.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
        The individual values (the chart plots their moving ranges).
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., section 6.4.

    Examples
    --------
    >>> ch = mr_chart([1, 2, 4, 3])
    >>> ch.y[0].tolist()[1:], round(float(ch.ucl[0, 1]), 3)
    ([1.0, 2.0, 1.0], 4.356)
    """
    return _make("mr", _single(y)[1], _opts(locals()))


@_doc
def t_chart(
    y: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """T chart (time between events): an I chart of y^(1/3.6), transformed back.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
        Times between events, all greater than zero.
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass 2011, p. 355.

    Examples
    --------
    >>> ch = t_chart([10, 12, 9, 30, 14, 11])
    >>> bool(ch.lcl[0, 0] >= 0)
    True
    """
    return _make("t", _single(y)[1], _opts(locals()))


@_doc
def c_chart(
    counts: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """C chart: counts of events, centre their mean, limits mean ± 3√mean.

    Parameters
    ----------
    counts : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eq. 7.17.

    Examples
    --------
    >>> ch = c_chart([4, 4, 4, 4])
    >>> float(ch.ucl[0, 0])
    10.0
    """
    return _make("c", _single(counts, "counts")[1], _opts(locals()))


@_doc
def g_chart(
    counts: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """G chart: opportunities between events; limits from the mean, centre the median.

    Parameters
    ----------
    counts : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., p. 319.
    .. [2] Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass 2011, p. 228.

    Examples
    --------
    >>> ch = g_chart([3, 8, 1, 12, 5])
    >>> float(ch.center[0, 0]), float(ch.lcl[0, 0])
    (5.0, 0.0)
    """
    return _make("g", _single(counts, "counts")[1], _opts(locals()))


@_doc
def ip_chart(
    y: ArrayLike,
    n: ArrayLike | None = None,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """I′ chart (qicharts2's ``ip``): an I chart of rates whose limits widen with small ``n``.

    Parameters
    ----------
    y : array_like, shape (n_series, n_points) or (n_points,)
        The plotted values (e.g. rates).
    n : array_like, optional
        Subgroup sizes (default 1 each).
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Taylor W. The I-prime chart (https://variation.com); qicharts2 0.8.1 ``qic.ip()``.

    Examples
    --------
    >>> ch = ip_chart([0.2, 0.3, 0.25, 0.35], [10, 20, 10, 20])
    >>> round(float(ch.center[0, 0]), 4)
    0.2917
    """
    y_arr, fields = _single(y)
    fields["y_len"] = np.where(np.isnan(y_arr), 0.0, 1.0)
    fields["n"] = np.full(y_arr.shape, np.nan) if n is None else check_series("n", n, shape=y_arr.shape)
    return _make("ip", fields, _opts(locals()))


def _ratio_doc(kind: str, title: str, ref: str, example: str) -> str:
    return f"""{title}

    Parameters
    ----------
    numerators, denominators : array_like, shape (n_series, n_points) or (n_points,)
        Events (or cases) and the subgroup sizes (or exposure); a NaN in either is a missing point.
    {{options}}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] {ref}

    Examples
    --------
    {example}
    """


def p_chart(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    return _make("p", _ratio(numerators, denominators)[1], _opts(locals()))


def pp_chart(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    return _make("pp", _ratio(numerators, denominators)[1], _opts(locals()))


def u_chart(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    return _make("u", _ratio(numerators, denominators)[1], _opts(locals()))


def up_chart(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    return _make("up", _ratio(numerators, denominators)[1], _opts(locals()))


p_chart.__doc__ = _ratio_doc(
    "p",
    "P chart: proportions, centre Σnum/Σden, limits centre ± 3√(p(1−p)/n) within [0, 1].",
    "Montgomery DC. Introduction to Statistical Quality Control, 6th ed., section 7.2.",
    ">>> ch = p_chart([5, 10, 5], [50, 100, 50])\n    >>> float(ch.center[0, 0])\n    0.1",
)
pp_chart.__doc__ = _ratio_doc(
    "pp",
    "Laney P′ chart: a P chart whose sigma is scaled by the spread of the z-scores.",
    "Laney DB. Improved control charts for attributes. Qual Eng 2002;14:531-537.",
    ">>> ch = pp_chart([5, 12, 5, 9], [50, 100, 50, 80])\n    >>> bool(ch.ucl[0, 0] > ch.center[0, 0])\n    True",  # noqa: E501
)
u_chart.__doc__ = _ratio_doc(
    "u",
    "U chart: rates, centre Σnum/Σden, limits centre ± 3√(u/n), lower limit at least 0.",
    "Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eq. 7.19.",
    ">>> ch = u_chart([4, 6, 5], [2, 3, 2.5])\n    >>> float(ch.center[0, 0])\n    2.0",
)
up_chart.__doc__ = _ratio_doc(
    "up",
    "Laney U′ chart: a U chart whose sigma is scaled by the spread of the z-scores.",
    "Laney DB. Improved control charts for attributes. Qual Eng 2002;14:531-537.",
    ">>> ch = up_chart([4, 6, 5, 9], [2, 3, 2.5, 3])\n    >>> bool(ch.lcl[0, 0] >= 0)\n    True",
)
for _f in (p_chart, pp_chart, u_chart, up_chart):
    _doc(_f)


def _subgroups(means: ArrayLike | None, sizes: ArrayLike, sds: ArrayLike) -> dict[str, FloatArray]:
    sd = check_series("sds", sds)
    size = check_series("sizes", sizes, shape=sd.shape)
    check_nonnegative("sizes", size)
    mean = np.full(sd.shape, np.nan) if means is None else check_series("means", means, shape=sd.shape)
    return {"y": mean, "y_len": size, "y_mean": mean, "y_sd": sd}


@_doc
def xbar_chart(
    means: ArrayLike,
    sizes: ArrayLike,
    sds: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """X̄ chart from subgroup means, sizes and standard deviations (limits from the pooled sd).

    Parameters
    ----------
    means, sizes, sds : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eqs 6.29-6.31.

    Examples
    --------
    >>> ch = xbar_chart([10, 11, 9], [5, 5, 5], [1, 1, 1])
    >>> float(ch.center[0, 0]), round(float(ch.ucl[0, 0]), 3)
    (10.0, 11.427)
    """
    return _make("xbar", _subgroups(means, sizes, sds), _opts(locals()))


@_doc
def s_chart(
    sds: ArrayLike,
    sizes: ArrayLike,
    *,
    part: Sequence[int] | ArrayLike | None = None,
    freeze: int | None = None,
    exclude: ArrayLike | None = None,
    cl: ArrayLike | None = None,
    multiply: float = 1,
    y_neg: bool = True,
    method: str = "anhoej",
    screened_mr: bool = True,
) -> Chart:
    """S chart from subgroup standard deviations and sizes.

    Parameters
    ----------
    sds, sizes : array_like, shape (n_series, n_points) or (n_points,)
    {options}

    Returns
    -------
    Chart

    References
    ----------
    .. [1] Montgomery DC. Introduction to Statistical Quality Control, 6th ed., eqs 6.27-6.31.

    Examples
    --------
    >>> ch = s_chart([1.0, 1.2, 0.8], [5, 5, 5])
    >>> float(ch.center[0, 0]), round(float(ch.ucl[0, 0]), 3)
    (1.0, 2.089)
    """
    fields = _subgroups(None, sizes, sds)
    fields["y"] = fields["y_sd"]
    return _make("s", fields, _opts(locals()))
