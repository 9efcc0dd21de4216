"""The engine under every chart function: options, blocks of series into arrays allocated once, limits,
phases and the runs analysis (``charts.py`` holds the public chart functions that call it).

Arrays are ``(n_series, n_points)``; a missing month is NaN and keeps its place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from breakthrough.spc import _bits, _limits, _phases, rules
from breakthrough.spc._types import (
    LIMIT_NAMES,
    BoolArray,
    Chart,
    FloatArray,
    IntArray,
    LazyLimitsChart,
    Runs,
    Signals,
)
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

DEFAULT_BLOCK = 4096  # series per block; chosen by measurement (benchmarks/README.md, "Block size")


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
    sigma: FloatArray | None = None  # kept instead of the limits (with the centre before ``multiply``)
    raw_cl: FloatArray | None = None

    @classmethod
    def allocate(
        cls,
        shape: tuple[int, int, int],
        per_series: tuple[str, ...],
        *,
        y: FloatArray | None,
        keep_sigma: int,
    ) -> _Out:
        """``per_series`` lines hold one number per series (shown as a read-only broadcast). ``y``: an
        array of the caller's to use as the plotted values. ``keep_sigma`` (the block size): keep
        the sigma per point and write the limits into buffers of one block, reused."""
        n_series, n_points, k = shape
        sizes = {name: n_series if name in per_series else (n_series, n_points) for name in LINE_NAMES}
        sigma = raw_cl = None
        if keep_sigma:  # the limits' arrays are one block's buffers
            sigma, raw_cl = np.empty((n_series, n_points)), np.empty(n_series)
            sizes.update(dict.fromkeys(LIMIT_NAMES, (min(keep_sigma, n_series), n_points)))
        lines = {name: np.empty(sizes[name]) for name in LINE_NAMES if name != "y" or y is None}
        if y is not None:
            lines["y"] = y
        flags = {name: np.empty((n_series, n_points), dtype=bool) for name in Signals.__dataclass_fields__}
        runs = {name: np.empty((n_series, k)) for name in RUN_FIELDS}
        return cls(lines, flags, runs, np.empty((n_series, k), dtype=bool), sigma, raw_cl)


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


def compute(
    kind: str,
    fields: dict[str, FloatArray],
    opt: Options,
    *,
    block: int | None = None,
    lazy: bool = True,
    own_y: bool = False,
) -> Chart:
    """Compute chart ``kind`` from subgroup fields (y, n, y_sum, y_len, y_mean, y_sd).

    Series are processed ``block`` at a time (each phase row depends on its own points only), into
    arrays allocated once; the result does not depend on ``block``. With ``lazy``, charts whose
    limits come from a sigma per point keep that sigma and compute their limits on first use
    (:class:`LazyLimitsChart`). ``own_y``: ``fields["y"]`` is the caller's own array, free to be the
    chart's y when the chart plots it unchanged.
    """
    block = DEFAULT_BLOCK if block is None else max(int(block), 1)
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
    simple = k == 1 and present is None
    keep_sigma = block if lazy and simple and opt.y_neg and kind in _limits.SIGMA else 0
    reuse_y = own_y and simple and opt.multiply == 1 and kind in _limits.SIGMA
    out = _Out.allocate((n_series, n_points, k), _per_series(kind, k, present),
                        y=fields["y"] if reuse_y else None, keep_sigma=keep_sigma)  # fmt: skip
    for start in range(0, n_series, block):
        rows = slice(start, min(start + block, n_series))
        _block(kind, fields, opt, present, rows, (k, width), out)
    signals = Signals(**out.flags)
    lines: dict[str, Any] = {name: a if a.ndim == 2 else np.broadcast_to(a[:, None], (n_series, n_points))
             for name, a in out.lines.items()}  # fmt: skip
    rest: dict[str, Any] = {
        "kind": kind,
        "phase": opt.phase,
        "baseline": opt.baseline,
        "include": opt.include,
        "signals": signals,
        "runs": Runs(**out.runs, signal=out.signal),
    }
    if out.sigma is None or out.raw_cl is None:
        return Chart(**lines, **rest)
    sigma, raw_cl, multiply = out.sigma, out.raw_cl, opt.multiply

    def limits() -> dict[str, FloatArray]:
        """The four limits from the kept sigma, block by block as ``_block`` computes them."""
        made = {name: np.empty((n_series, n_points)) for name in LIMIT_NAMES}
        for start in range(0, n_series, block):
            rows = slice(start, min(start + block, n_series))
            found = _limits.sigma_lines(kind, raw_cl[rows], sigma[rows])
            for name, line in zip(LIMIT_NAMES, found[1:], strict=True):
                _finish(line, made[name][rows], None, multiply, None, limit=True)
        return made

    return LazyLimitsChart(limits, y=lines["y"], center=lines["center"], **rest)


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
    n_rows = rows.stop - rows.start
    if out.sigma is not None and out.raw_cl is not None:  # keep the sigma; limits into block buffers
        y, raw_cl, s = _limits.SIGMA[kind](groups)
        lines = _limits.sigma_lines(kind, raw_cl, s)
        out.sigma[rows], out.raw_cl[rows] = s, raw_cl
        dst = {name: out.lines[name][rows] if name in ("y", "center") else out.lines[name][:n_rows]
               for name in LINE_NAMES}  # fmt: skip
    else:
        y, lines = _limits.CHARTS[kind](groups)
        dst = {name: out.lines[name][rows] for name in LINE_NAMES}
    center = np.asarray(lines[0], dtype=np.float64)
    runs, long_run, crossings = rules._anhoej(y, center[:, None], inc_rows, opt.method)
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
    elif not isinstance(a, float) and a.ndim == 2 and _same(a, dst):
        pass  # the line is already where it goes (y given as the chart's own)
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


def _same(a: NDArray[Any], b: NDArray[Any]) -> bool:
    """Whether two arrays are the same memory (a view of the other, same layout)."""
    return bool(
        a.shape == b.shape
        and a.strides == b.strides
        and a.__array_interface__["data"][0] == b.__array_interface__["data"][0]
    )


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
