"""Centre lines and limits of each chart type, over phase rows (one series × phase per row).

Semantics follow qicharts2 0.8.1 exactly (see docs/spc.md): the centre and sigma come from the
baseline & included points of the row; limits are per point. Rows are NaN-padded; ``present``
marks the real points.

A line is returned as one number per row when it is the same at every point of the row (the centre,
and the limits of charts whose sigma does not depend on the subgroup size), as an array
``(n_rows, width)`` otherwise, or as a constant. The caller broadcasts them into the chart; the
arithmetic is the same element by element, so the values are the same as those of full arrays.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import gammaln

from breakthrough.spc import _bits
from breakthrough.spc._types import BoolArray, FloatArray

D2 = 1.128  # rounded bias constant d2 for n = 2 (Montgomery, Table VI), as qicharts2
D4 = 3.267  # rounded D4 for n = 2: the upper limit of moving ranges (Nelson 1982)
D4_IP = 3.2665  # qicharts2's screening factor for the I′ chart
T_POWER = 3.6  # Nelson's transform of times between events (Provost & Murray 2011, p. 355)
SIZE_TABLE = 1024  # subgroup sizes below this that are whole numbers read c4 from a table


@dataclass(frozen=True)
class Groups:
    """Aggregated subgroups laid out as phase rows.

    ``base_all``: every point of every row is in the baseline and included (no mask to apply);
    ``present_all``: every point is a real subgroup (no padding).
    """

    y: FloatArray
    base: BoolArray
    present: BoolArray
    cl: FloatArray  # one per row, NaN = compute
    categorical: bool
    screened: bool
    base_all: bool = False
    present_all: bool = False
    n: FloatArray | None = None  # only the fields a chart needs are given
    y_sum: FloatArray | None = None
    y_len: FloatArray | None = None
    y_mean: FloatArray | None = None
    y_sd: FloatArray | None = None


Line = FloatArray | float
Lines = tuple[Line, Line, Line, Line, Line]


def _field(a: FloatArray | None) -> FloatArray:
    if a is None:  # pragma: no cover - every chart is given the fields it reads
        raise ValueError("a subgroup field this chart needs is missing")
    return a


def _mask(g: Groups) -> BoolArray | None:
    return None if g.base_all else g.base


def rmean(a: FloatArray, mask: BoolArray | None) -> FloatArray:
    """Row means over ``mask`` (None: every point) ignoring NaN, refined by a second pass as R's mean()."""
    keep = ~np.isnan(a) if mask is None else mask & ~np.isnan(a)
    if a.shape[1] and keep.all():
        count = a.shape[1]
        first = a.sum(axis=1) / count
        return np.asarray(first + (a - first[:, None]).sum(axis=1) / count, dtype=np.float64)
    count_k = _bits.count_rows(keep)
    with np.errstate(invalid="ignore", divide="ignore"):
        first = np.where(keep, a, 0.0).sum(axis=1) / count_k
        fix = np.where(keep, a - first[:, None], 0.0).sum(axis=1) / count_k
    return np.where(count_k > 0, first + fix, np.nan)


def rsum(a: FloatArray, mask: BoolArray | None) -> FloatArray:
    """Row sums over ``mask`` (None: every point) ignoring NaN (R's ``sum(na.rm = TRUE)``)."""
    keep = ~np.isnan(a) if mask is None else mask & ~np.isnan(a)
    if keep.all():
        return a.sum(axis=1)
    return np.where(keep, a, 0.0).sum(axis=1)


def moving_ranges(d: FloatArray, mask: BoolArray | None) -> FloatArray:
    """|d[j] − d[previous masked point]| at each masked point after the first; NaN elsewhere."""
    if mask is None or _bits.all_true(mask):
        out = np.empty(d.shape)
        out[:, :1] = np.nan
        np.subtract(d[:, 1:], d[:, :-1], out=out[:, 1:])
        np.abs(out[:, 1:], out=out[:, 1:])
        return out
    n_points = d.shape[1]
    idx = np.where(mask, np.arange(n_points), -1)
    prev = np.maximum.accumulate(idx, axis=1)
    prev = np.concatenate([np.full((d.shape[0], 1), -1), prev[:, :-1]], axis=1)
    before = np.take_along_axis(d, np.maximum(prev, 0), axis=1)
    with np.errstate(invalid="ignore"):
        return np.where(mask & (prev >= 0), np.abs(d - before), np.nan)


def average_mr(mr: FloatArray, screened: bool, factor: float = D4) -> FloatArray:
    """Average moving range; screened: drop ranges >= factor × average once, then average again."""
    amr = rmean(mr, None)
    if screened:
        with np.errstate(invalid="ignore"):
            amr = rmean(mr, mr < factor * amr[:, None])
    return amr


def screened_sigma(y: FloatArray, mask: BoolArray) -> FloatArray:
    """Sigma of individuals from the screened average moving range (per row)."""
    return average_mr(moving_ranges(y, mask), screened=True) / D2


def _centre(g: Groups, computed: FloatArray) -> FloatArray:
    return np.where(np.isnan(g.cl), computed, g.cl)


def _col(v: FloatArray, like: FloatArray) -> FloatArray:
    """A per-row vector ready to combine with a (rows, width) array."""
    return v[:, None] if like.ndim == 2 and v.ndim == 1 else v


def _sym(cl: FloatArray, sd: FloatArray, k: FloatArray | None = None) -> Lines:
    """Lines cl ± 3·sd and cl ± 2·sd (k scales the sigma per row, e.g. Laney's sigma_z)."""
    with np.errstate(invalid="ignore"):
        s = sd if k is None else sd * _col(k, sd)
        s2, s3 = 2 * s, 3 * s
        c = _col(cl, s)
        return (cl, c - s3, c + s3, c - s2, c + s2)


def _clip(lines: Lines, upper: bool) -> Lines:
    """Lower limits below 0 become 0 (and upper above 1 become 1), finite limits only as qicharts2."""
    cl, lcl, ucl, lcl95, ucl95 = (np.asarray(a, dtype=np.float64) for a in lines)
    for a in (lcl, ucl, lcl95, ucl95):
        inf = np.isinf(a)
        if inf.any():
            a[inf] = np.nan  # an infinite limit is dropped later anyway; NaN survives max/min
    np.maximum(lcl, 0.0, out=lcl)
    np.maximum(lcl95, 0.0, out=lcl95)
    if upper:
        np.minimum(ucl, 1.0, out=ucl)
        np.minimum(ucl95, 1.0, out=ucl95)
    return cl, lcl, ucl, lcl95, ucl95


def _nanmedian(a: FloatArray) -> FloatArray:
    """Row medians ignoring NaN, as ``np.nanmedian``: the mean of the two middle values (sorted)."""
    if a.size == 0:
        return np.full(a.shape[0], np.nan)
    nan = np.isnan(a)
    count = _bits.count_rows(~nan).astype(np.int64) if nan.any() else np.full(a.shape[0], a.shape[1])
    ordered = np.sort(a, axis=1)  # NaN sort last
    rows = np.arange(a.shape[0])
    high = count // 2
    low = np.where(count % 2 == 1, high, high - 1)
    with np.errstate(invalid="ignore"):
        med = (ordered[rows, np.maximum(low, 0)] + ordered[rows, np.minimum(high, a.shape[1] - 1)]) / 2.0
    return np.where(count > 0, med, np.nan)


def run(g: Groups) -> tuple[FloatArray, Lines]:
    masked = g.y if g.base_all else np.where(g.base, g.y, np.nan)
    nan = float("nan")
    return g.y, (_centre(g, _nanmedian(masked)), nan, nan, nan, nan)


def i(g: Groups, y: FloatArray | None = None) -> tuple[FloatArray, Lines]:
    y = g.y if y is None else y
    cl = _centre(g, rmean(y, _mask(g)))
    mr = moving_ranges(y - cl[:, None], _mask(g))
    sd = average_mr(mr, g.screened) / D2
    return y, _sym(cl, sd)


def mr(g: Groups) -> tuple[FloatArray, Lines]:
    y = moving_ranges(g.y, None if g.present_all else g.present)
    cl = _centre(g, rmean(y, _mask(g)))
    return y, (cl, 0.0, D4 * cl, 0.0, (D4 / 3) * 2 * cl)


def t(g: Groups) -> tuple[FloatArray, Lines]:
    with np.errstate(invalid="ignore"):
        yt = g.y ** (1 / T_POWER)
    _, lines = i(g, yt)
    cl, lcl, ucl, lcl95, ucl95 = (np.asarray(a) for a in lines)
    with np.errstate(invalid="ignore"):
        y, cl, ucl, ucl95 = yt**T_POWER, cl**T_POWER, ucl**T_POWER, ucl95**T_POWER
        lcl, lcl95 = lcl**T_POWER, lcl95**T_POWER
        lcl = np.where((lcl < 0) | np.isnan(lcl), 0.0, lcl)
    return y, (cl, lcl, ucl, lcl95, ucl95)


def ip_sigma(g: Groups) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The I′ chart's y, centre (per row) and sigma (per point)."""
    n_in, y_len = _field(g.n), _field(g.y_len)
    has_n = ~np.isnan(n_in) if g.present_all else g.present & ~np.isnan(n_in)
    no_n = ~_bits.any_rows(has_n)
    n = np.where(no_n[:, None], y_len, n_in) if no_n.any() else n_in
    with np.errstate(invalid="ignore", divide="ignore"):
        cl = _centre(g, rsum(g.y * n, _mask(g)) / rsum(n, _mask(g)))
        d1 = moving_ranges(g.y, None if g.present_all else g.present)
        inv = 1 / n
        between = np.empty(n.shape)
        between[:, :1] = np.nan
        np.add(inv[:, :-1], inv[:, 1:], out=between[:, 1:])  # 1/n[j−1] + 1/n[j]
        s = np.sqrt(np.pi / 2) * d1 / np.sqrt(between)
    if not g.present_all:
        s = np.where(g.present, s, np.nan)
    mean_s = average_mr(s, g.screened, factor=D4_IP)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = mean_s[:, None] * np.sqrt(inv)
    return g.y, cl, sd


def ip(g: Groups) -> tuple[FloatArray, Lines]:
    y, cl, sd = ip_sigma(g)
    return y, sigma_lines("ip", cl, sd)


def _c4(n: FloatArray) -> FloatArray:
    n = np.where(n <= 1, np.nan, n)
    with np.errstate(invalid="ignore"):
        return np.asarray(
            np.sqrt(2 / (n - 1)) * np.exp(gammaln(n / 2) - gammaln((n - 1) / 2)), dtype=np.float64
        )


@lru_cache(maxsize=1)
def _size_tables() -> dict[str, FloatArray]:
    """The constants of X̄ and S charts for whole subgroup sizes 0 .. SIZE_TABLE − 1, computed as
    the per-point formulas compute them (so a table lookup gives the same number)."""
    n = np.arange(SIZE_TABLE, dtype=np.float64)
    c4 = _c4(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        root = c4 * np.sqrt(n)
        ratio = np.sqrt(1 - c4**2) / c4
        b3 = np.where(np.isnan(ratio), np.nan, np.fmax(0, 1 - 3 * ratio))
        b3_95 = np.where(np.isnan(ratio), np.nan, np.fmax(0, 1 - 2 * ratio))
        return {"c4": c4, "a3": 3 / root, "a3_95": 2 / root, "sqrt": np.sqrt(n), "ratio": ratio,
                "b3": b3, "b3_95": b3_95, "b4": 1 + 3 * ratio, "b4_95": 1 + 2 * ratio}  # fmt: skip


def _by_size(size: FloatArray, names: tuple[str, ...]) -> dict[str, FloatArray] | None:
    """Per-point constants read from :func:`_size_tables`, or None when a size is not a small whole number."""
    nan = np.isnan(size)
    with np.errstate(invalid="ignore"):
        idx = np.where(nan, 0.0, size).astype(np.intp)  # NaN sizes read entry 0 (NaN in every table)
    if not ((idx == size) | nan).all() or idx.min(initial=0) < 0 or idx.max(initial=0) >= SIZE_TABLE:
        return None
    tables = _size_tables()
    return {k: np.take(tables[k], idx) for k in names}


def _pooled_sd(g: Groups) -> FloatArray:
    y_len, y_sd = _field(g.y_len), _field(g.y_sd)
    var_n = _varies(y_len, g.present, g.present_all)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.sqrt(rsum((y_len - 1) * y_sd**2, _mask(g)) / rsum(y_len - 1, _mask(g)))
    return np.where(var_n, pooled, rmean(y_sd, _mask(g)))


def _varies(a: FloatArray, present: BoolArray, present_all: bool = False) -> BoolArray:
    """Rows whose present values are not all equal (False when one of them is NaN, as min/max)."""
    if present_all and a.shape[1]:
        differs = _bits.any_rows(a != a[:, :1])
        return differs & ~_bits.any_rows(np.isnan(a))
    lo = np.where(present, a, np.inf).min(axis=1, initial=np.inf)
    hi = np.where(present, a, -np.inf).max(axis=1, initial=-np.inf)
    return hi > lo


def xbar(g: Groups) -> tuple[FloatArray, Lines]:
    y_len, y_mean = _field(g.y_len), _field(g.y_mean)
    with np.errstate(invalid="ignore", divide="ignore"):
        cl = _centre(g, rsum(y_len * y_mean, _mask(g)) / rsum(y_len, _mask(g)))
        sd = _pooled_sd(g)[:, None]
        table = _by_size(y_len, ("a3", "a3_95"))
        if table is None:
            root = _c4(y_len) * np.sqrt(y_len)
            a3, a3_95 = 3 / root * sd, 2 / root * sd
        else:
            a3, a3_95 = table["a3"] * sd, table["a3_95"] * sd
        c = cl[:, None]
        return g.y, (cl, c - a3, c + a3, c - a3_95, c + a3_95)


def s(g: Groups) -> tuple[FloatArray, Lines]:
    y_len, y_sd = _field(g.y_len), _field(g.y_sd)
    with np.errstate(invalid="ignore", divide="ignore"):
        cl = _centre(g, _pooled_sd(g))
        table = _by_size(y_len, ("b3", "b3_95", "b4", "b4_95"))
        if table is None:
            c4 = _c4(y_len)
            ratio = np.sqrt(1 - c4**2) / c4
            b3, b3_95 = np.fmax(0, 1 - 3 * ratio), np.fmax(0, 1 - 2 * ratio)
            b3 = np.where(np.isnan(ratio), np.nan, b3)
            b3_95 = np.where(np.isnan(ratio), np.nan, b3_95)
            b4, b4_95 = 1 + 3 * ratio, 1 + 2 * ratio
        else:
            b3, b3_95, b4, b4_95 = table["b3"], table["b3_95"], table["b4"], table["b4_95"]
        c = cl[:, None]
        return y_sd, (cl, b3 * c, b4 * c, b3_95 * c, b4_95 * c)


def _ratio_cl(g: Groups) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return _centre(g, rsum(_field(g.y_sum), _mask(g)) / rsum(_field(g.n), _mask(g)))


def _laney(g: Groups, cl: FloatArray, sd: FloatArray) -> FloatArray:
    """Laney's sigma_z: spread of the z-scores (moving ranges; sd for categorical x)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (g.y - cl[:, None]) / sd
    if g.categorical:
        keep = g.base
        count = keep.sum(axis=1)
        mean = rmean(np.where(keep, z, 0.0), keep)
        with np.errstate(invalid="ignore", divide="ignore"):
            var = np.where(keep, (z - mean[:, None]) ** 2, 0.0).sum(axis=1) / (count - 1)
        has_nan = (keep & np.isnan(z)).any(axis=1)
        return np.where(has_nan | (count < 2), np.nan, np.sqrt(var))
    return average_mr(moving_ranges(z, _mask(g)), g.screened) / D2


def _binomial_sd(cl: FloatArray, n: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt((cl * (1 - cl))[:, None] / n)


def _poisson_sd(cl: FloatArray, n: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(cl[:, None] / n)


def p_sigma(g: Groups) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The P chart's y, centre (per row) and sigma (per point); ``pp_sigma``, ``u_sigma`` and
    ``up_sigma`` likewise (Laney's charts: sigma scaled by sigma_z per row)."""
    cl = _ratio_cl(g)
    return g.y, cl, _binomial_sd(cl, _field(g.n))


def pp_sigma(g: Groups) -> tuple[FloatArray, FloatArray, FloatArray]:
    cl = _ratio_cl(g)
    sd = _binomial_sd(cl, _field(g.n))
    with np.errstate(invalid="ignore"):
        return g.y, cl, sd * _col(_laney(g, cl, sd), sd)


def u_sigma(g: Groups) -> tuple[FloatArray, FloatArray, FloatArray]:
    cl = _ratio_cl(g)
    return g.y, cl, _poisson_sd(cl, _field(g.n))


def up_sigma(g: Groups) -> tuple[FloatArray, FloatArray, FloatArray]:
    cl = _ratio_cl(g)
    sd = _poisson_sd(cl, _field(g.n))
    with np.errstate(invalid="ignore"):
        return g.y, cl, sd * _col(_laney(g, cl, sd), sd)


# Charts whose four limits are centre ± 3 (2) × a sigma per point: they can be kept as that sigma.
SIGMA = {"p": p_sigma, "pp": pp_sigma, "u": u_sigma, "up": up_sigma, "ip": ip_sigma}


def sigma_lines(kind: str, cl: FloatArray, s: FloatArray) -> Lines:
    """The lines of a chart in SIGMA from its centre and sigma (clipped to [0, 1] for P charts, at 0
    for U charts), the same arithmetic whether computed at once or later from a kept sigma."""
    lines = _sym(cl, s)
    return lines if kind == "ip" else _clip(lines, upper=kind in ("p", "pp"))


def _from_sigma(kind: str) -> Callable[[Groups], tuple[FloatArray, Lines]]:
    def chart(g: Groups) -> tuple[FloatArray, Lines]:
        y, cl, s = SIGMA[kind](g)
        return y, sigma_lines(kind, cl, s)

    chart.__name__ = kind
    return chart


p, pp, u, up = (_from_sigma(kind) for kind in ("p", "pp", "u", "up"))


def c(g: Groups) -> tuple[FloatArray, Lines]:
    y = _field(g.y_sum)
    cl = _centre(g, rmean(y, _mask(g)))
    with np.errstate(invalid="ignore"):
        sd = np.sqrt(cl)
    return y, _clip(_sym(cl, sd), upper=False)


def g_chart(g: Groups) -> tuple[FloatArray, Lines]:
    mean = _centre(g, rmean(g.y, _mask(g)))
    with np.errstate(invalid="ignore"):
        sd = np.sqrt(mean * (mean + 1))
    _, lcl, ucl, lcl95, ucl95 = _sym(mean, sd)
    with np.errstate(invalid="ignore"):
        lcl, lcl95 = np.where(lcl < 0, 0.0, lcl), np.where(lcl95 < 0, 0.0, lcl95)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        median = _nanmedian(g.y if g.base_all else np.where(g.base, g.y, np.nan))
    cl = np.where(np.isnan(g.cl), median, 0.693 * g.cl)
    return g.y, (cl, lcl, ucl, lcl95, ucl95)


CHARTS = {
    "run": run,
    "i": i,
    "mr": mr,
    "xbar": xbar,
    "s": s,
    "t": t,
    "p": p,
    "pp": pp,
    "c": c,
    "u": u,
    "up": up,
    "g": g_chart,
    "ip": ip,
}
