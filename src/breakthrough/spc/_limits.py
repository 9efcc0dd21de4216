"""Centre lines and limits of each chart type, over phase rows (one series × phase per row).

Semantics follow qicharts2 0.8.1 exactly (see docs/spc.md): the centre and sigma come from the
baseline & included points of the row; limits are per point. Rows are NaN-padded; ``present``
marks the real points.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from breakthrough.spc._types import BoolArray, FloatArray

D2 = 1.128  # rounded bias constant d2 for n = 2 (Montgomery, Table VI), as qicharts2
D4 = 3.267  # rounded D4 for n = 2: the upper limit of moving ranges (Nelson 1982)
D4_IP = 3.2665  # qicharts2's screening factor for the I′ chart
T_POWER = 3.6  # Nelson's transform of times between events (Provost & Murray 2011, p. 355)


@dataclass(frozen=True)
class Groups:
    """Aggregated subgroups laid out as phase rows."""

    y: FloatArray
    base: BoolArray
    present: BoolArray
    cl: FloatArray  # one per row, NaN = compute
    categorical: bool
    screened: bool
    n: FloatArray = None  # type: ignore[assignment]  # only the fields a chart needs are given
    y_sum: FloatArray = None  # type: ignore[assignment]
    y_len: FloatArray = None  # type: ignore[assignment]
    y_mean: FloatArray = None  # type: ignore[assignment]
    y_sd: FloatArray = None  # type: ignore[assignment]


Lines = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]


def rmean(a: FloatArray, mask: BoolArray) -> FloatArray:
    """Row means over ``mask`` ignoring NaN, refined by a second pass as R's ``mean()``."""
    keep = mask & ~np.isnan(a)
    count = keep.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        first = np.where(keep, a, 0.0).sum(axis=1) / count
        fix = np.where(keep, a - first[:, None], 0.0).sum(axis=1) / count
    return np.where(count > 0, first + fix, np.nan)


def rsum(a: FloatArray, mask: BoolArray) -> FloatArray:
    """Row sums over ``mask`` ignoring NaN (R's ``sum(na.rm = TRUE)``)."""
    return np.where(mask & ~np.isnan(a), a, 0.0).sum(axis=1)


def moving_ranges(d: FloatArray, mask: BoolArray) -> FloatArray:
    """|d[j] − d[previous masked point]| at each masked point after the first; NaN elsewhere."""
    n_points = d.shape[1]
    idx = np.where(mask, np.arange(n_points), -1)
    prev = np.maximum.accumulate(idx, axis=1)
    prev = np.concatenate([np.full((d.shape[0], 1), -1), prev[:, :-1]], axis=1)
    before = np.take_along_axis(d, np.maximum(prev, 0), axis=1)
    with np.errstate(invalid="ignore"):
        return np.where(mask & (prev >= 0), np.abs(d - before), np.nan)


def average_mr(mr: FloatArray, screened: bool, factor: float = D4) -> FloatArray:
    """Average moving range; screened: drop ranges >= factor × average once, then average again."""
    every = np.ones(mr.shape, dtype=bool)
    amr = rmean(mr, every)
    if screened:
        with np.errstate(invalid="ignore"):
            amr = rmean(mr, mr < factor * amr[:, None])
    return amr


def screened_sigma(y: FloatArray, mask: BoolArray) -> FloatArray:
    """Sigma of individuals from the screened average moving range (per row)."""
    return average_mr(moving_ranges(y, mask), screened=True) / D2


def _centre(g: Groups, computed: FloatArray) -> FloatArray:
    return np.where(np.isnan(g.cl), computed, g.cl)


def _sym(cl: FloatArray, sd: FloatArray, k: FloatArray | float = 1.0) -> Lines:
    """Lines cl ± 3·sd and cl ± 2·sd (k scales the sigma, e.g. Laney's sigma_z)."""
    cl2 = np.broadcast_to(cl[:, None], sd.shape) if cl.ndim == 1 else cl
    with np.errstate(invalid="ignore"):
        s = sd * k if not (np.isscalar(k) and k == 1.0) else sd
        s2, s3 = 2 * s, 3 * s
        return (cl2, cl2 - s3, cl2 + s3, cl2 - s2, cl2 + s2, s)


def _clip(lines: Lines, upper: bool) -> Lines:
    """Lower limits below 0 become 0 (and upper above 1 become 1), finite limits only as qicharts2."""
    cl, lcl, ucl, lcl95, ucl95, _ = lines
    for a in (lcl, ucl, lcl95, ucl95):
        a[np.isinf(a)] = np.nan  # an infinite limit is dropped later anyway; NaN survives max/min
    np.maximum(lcl, 0.0, out=lcl)
    np.maximum(lcl95, 0.0, out=lcl95)
    if upper:
        np.minimum(ucl, 1.0, out=ucl)
        np.minimum(ucl95, 1.0, out=ucl95)
    return cl, lcl, ucl, lcl95, ucl95, lines[5]


def run(g: Groups) -> tuple[FloatArray, Lines]:
    masked = np.where(g.base, g.y, np.nan)
    med = _nanmedian(masked)
    cl = np.broadcast_to(_centre(g, med)[:, None], g.y.shape)
    nan = np.full(g.y.shape, np.nan)
    return g.y, (cl, nan, nan, nan, nan, nan)


def _nanmedian(a: FloatArray) -> FloatArray:
    if a.size == 0:
        return np.full(a.shape[0], np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmedian(a, axis=1)


def i(g: Groups, y: FloatArray | None = None) -> tuple[FloatArray, Lines]:
    y = g.y if y is None else y
    cl = _centre(g, rmean(y, g.base))
    mr = moving_ranges(y - cl[:, None], g.base)
    sd = average_mr(mr, g.screened) / D2
    return y, _sym(cl, np.broadcast_to(sd[:, None], y.shape))


def mr(g: Groups) -> tuple[FloatArray, Lines]:
    y = moving_ranges(g.y, g.present)
    cl = np.broadcast_to(_centre(g, rmean(y, g.base))[:, None], y.shape)
    zero = np.zeros(y.shape)
    return y, (cl, zero, D4 * cl, zero, (D4 / 3) * 2 * cl, zero)


def t(g: Groups) -> tuple[FloatArray, Lines]:
    with np.errstate(invalid="ignore"):
        yt = g.y ** (1 / T_POWER)
    _, (cl, lcl, ucl, lcl95, ucl95, sd) = i(g, yt)
    with np.errstate(invalid="ignore"):
        y, cl, ucl, ucl95 = yt**T_POWER, cl**T_POWER, ucl**T_POWER, ucl95**T_POWER
        lcl, lcl95 = lcl**T_POWER, lcl95**T_POWER
        lcl = np.where((lcl < 0) | np.isnan(lcl), 0.0, lcl)
    return y, (cl, lcl, ucl, lcl95, ucl95, sd)


def ip(g: Groups) -> tuple[FloatArray, Lines]:
    no_n = ~(g.present & ~np.isnan(g.n)).any(axis=1)
    n = np.where(no_n[:, None], g.y_len, g.n)
    with np.errstate(invalid="ignore"):
        cl = _centre(g, rsum(g.y * n, g.base) / rsum(n, g.base))
        d1 = moving_ranges(g.y, g.present)
        prev_n = np.concatenate([np.full((n.shape[0], 1), np.nan), n[:, :-1]], axis=1)
        s = np.sqrt(np.pi / 2) * d1 / np.sqrt(1 / prev_n + 1 / n)
    s = np.where(g.present, s, np.nan)
    mean_s = average_mr(s, g.screened, factor=D4_IP)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = mean_s[:, None] * np.sqrt(1 / n)
    return g.y, _sym(cl, sd)


def _c4(n: FloatArray) -> FloatArray:
    n = np.where(n <= 1, np.nan, n)
    with np.errstate(invalid="ignore"):
        return np.sqrt(2 / (n - 1)) * np.exp(gammaln(n / 2) - gammaln((n - 1) / 2))


def _pooled_sd(g: Groups) -> FloatArray:
    var_n = _varies(g.y_len, g.present)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.sqrt(rsum((g.y_len - 1) * g.y_sd**2, g.base) / rsum(g.y_len - 1, g.base))
    return np.where(var_n, pooled, rmean(g.y_sd, g.base))


def _varies(a: FloatArray, present: BoolArray) -> BoolArray:
    lo = np.where(present, a, np.inf).min(axis=1, initial=np.inf)
    hi = np.where(present, a, -np.inf).max(axis=1, initial=-np.inf)
    return hi > lo


def xbar(g: Groups) -> tuple[FloatArray, Lines]:
    with np.errstate(invalid="ignore", divide="ignore"):
        cl = _centre(g, rsum(g.y_len * g.y_mean, g.base) / rsum(g.y_len, g.base))
        sd = _pooled_sd(g)[:, None]
        root = _c4(g.y_len) * np.sqrt(g.y_len)
        cl2 = np.broadcast_to(cl[:, None], g.y.shape)
        a3, a3_95 = 3 / root * sd, 2 / root * sd
        return g.y, (cl2, cl2 - a3, cl2 + a3, cl2 - a3_95, cl2 + a3_95, sd / np.sqrt(g.y_len))


def s(g: Groups) -> tuple[FloatArray, Lines]:
    with np.errstate(invalid="ignore", divide="ignore"):
        cl = np.broadcast_to(_centre(g, _pooled_sd(g))[:, None], g.y.shape)
        c4 = _c4(g.y_len)
        ratio = np.sqrt(1 - c4**2) / c4
        b3, b3_95 = np.fmax(0, 1 - 3 * ratio), np.fmax(0, 1 - 2 * ratio)
        b3 = np.where(np.isnan(ratio), np.nan, b3)
        b3_95 = np.where(np.isnan(ratio), np.nan, b3_95)
        return g.y_sd, (cl, b3 * cl, (1 + 3 * ratio) * cl, b3_95 * cl, (1 + 2 * ratio) * cl, ratio * cl)


def _ratio_cl(g: Groups) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return _centre(g, rsum(g.y_sum, g.base) / rsum(g.n, g.base))


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
    return average_mr(moving_ranges(z, g.base), g.screened) / D2


def p(g: Groups) -> tuple[FloatArray, Lines]:
    cl = _ratio_cl(g)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl[:, None] * (1 - cl[:, None]) / g.n)
    return g.y, _clip(_sym(cl, sd), upper=True)


def pp(g: Groups) -> tuple[FloatArray, Lines]:
    cl = _ratio_cl(g)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl[:, None] * (1 - cl[:, None]) / g.n)
    return g.y, _clip(_sym(cl, sd, _laney(g, cl, sd)[:, None]), upper=True)


def u(g: Groups) -> tuple[FloatArray, Lines]:
    cl = _ratio_cl(g)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl[:, None] / g.n)
    return g.y, _clip(_sym(cl, sd), upper=False)


def up(g: Groups) -> tuple[FloatArray, Lines]:
    cl = _ratio_cl(g)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(cl[:, None] / g.n)
    return g.y, _clip(_sym(cl, sd, _laney(g, cl, sd)[:, None]), upper=False)


def c(g: Groups) -> tuple[FloatArray, Lines]:
    y = g.y_sum
    cl = _centre(g, rmean(y, g.base))
    with np.errstate(invalid="ignore"):
        sd = np.broadcast_to(np.sqrt(cl)[:, None], y.shape)
    return y, _clip(_sym(cl, sd), upper=False)


def g_chart(g: Groups) -> tuple[FloatArray, Lines]:
    mean = _centre(g, rmean(g.y, g.base))
    with np.errstate(invalid="ignore"):
        sd = np.broadcast_to(np.sqrt(mean * (mean + 1))[:, None], g.y.shape)
    _, lcl, ucl, lcl95, ucl95, s_ = _sym(mean, sd)
    with np.errstate(invalid="ignore"):
        lcl, lcl95 = np.where(lcl < 0, 0.0, lcl), np.where(lcl95 < 0, 0.0, lcl95)
    median = _nanmedian(np.where(g.base, g.y, np.nan))
    cl = np.where(np.isnan(g.cl), median, 0.693 * g.cl)
    return g.y, (np.broadcast_to(cl[:, None], g.y.shape), lcl, ucl, lcl95, ucl95, s_)


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
