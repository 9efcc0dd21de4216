"""Engagement and its association with improvement (dose–response), and reliable change.

``engagement_index`` combines a team's named parts of engagement (each a share from 0 to 1) into one index:
the mean of the parts it has. ``dose_response`` states how improvement goes with engagement: the least-squares
line ``response = a + b · index`` with a t interval for ``b`` (as R's ``lm`` and ``confint``), and Spearman's
rank correlation (as R's ``cor.test(method = "spearman")`` with the t approximation, as SciPy gives it).
``reliable_change`` counts the units (classrooms) whose change goes beyond the reliable-change threshold of
Jacobson and Truax.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats as sps

from breakthrough.stats._types import BoolArray, FloatArray
from breakthrough.stats._validation import check_level, check_matrix, check_pair, check_vector

MIN_TEAMS = 3  # fewer complete pairs than this: no line (no residual degrees of freedom)


@dataclass(frozen=True)
class EngagementIndex:
    """Per row (team): the index (the mean of its parts that are not missing) and how many parts it has.

    ``index`` is NaN where every part is missing.
    """

    index: FloatArray
    n_parts: FloatArray


@dataclass(frozen=True)
class DoseResponse:
    """The line ``response = intercept + slope · dose`` over the complete pairs, with Spearman's rho."""

    n: int
    slope: float
    intercept: float
    se: float
    df: float
    t: float
    p: float
    ci_low: float
    ci_high: float
    r_squared: float
    rho: float
    rho_p: float


@dataclass(frozen=True)
class ReliableChange:
    """Each unit's change (post − pre) against the reliable-change threshold ``z · SE_diff``.

    ``improved``/``worsened`` are False for units without both scores (``diff`` NaN there).
    """

    diff: FloatArray
    sd_pre: float
    reliability: float
    se_diff: float
    threshold: float
    improved: BoolArray
    worsened: BoolArray
    n_pairs: int

    @property
    def n_improved(self) -> int:
        return int(self.improved.sum())

    @property
    def n_worsened(self) -> int:
        return int(self.worsened.sum())


def engagement_index(parts: ArrayLike) -> EngagementIndex:
    """The engagement index: per row, the unweighted mean of its parts, each a share from 0 to 1.

    Parameters
    ----------
    parts : array_like, shape (n_teams, n_parts)
        Each part as a share (e.g. sessions attended ÷ sessions held). NaN is a part the team cannot have
        (no such data yet): it is left out of that team's mean, never counted as zero.

    Returns
    -------
    EngagementIndex

    References
    ----------
    OECD/JRC (2008). *Handbook on Constructing Composite Indicators*, §1.6
    (equal weights, linear aggregation).

    Examples
    --------
    >>> r = engagement_index([[1.0, 0.5, 0.0], [0.5, float("nan"), 1.0]])
    >>> r.index.tolist(), r.n_parts.tolist()
    ([0.5, 0.75], [3.0, 2.0])
    """
    x = check_matrix(parts, "parts")
    outside = ~np.isnan(x) & ((x < 0) | (x > 1))
    if outside.any():
        r, c = np.argwhere(outside)[0]
        raise ValueError(f"parts: value {float(x[r, c])!r} at row {r}, column {c} is not a share from 0 to 1")
    n = (~np.isnan(x)).sum(axis=1).astype(np.float64)
    with np.errstate(invalid="ignore"):
        index = np.where(n > 0, np.nansum(x, axis=1) / np.where(n > 0, n, 1), np.nan)
    return EngagementIndex(index=index, n_parts=n)


def dose_response(dose: ArrayLike, response: ArrayLike, *, conf_level: float = 0.95) -> DoseResponse:
    """Least-squares slope of the response on the dose, its t interval, and Spearman's rho.

    Parameters
    ----------
    dose, response : array_like
        One value per team (the engagement index; the improvement). Pairs with a NaN are left out.
    conf_level : float
        Level of the slope's interval.

    Returns
    -------
    DoseResponse
        ``slope``, ``se``, ``t``, ``p`` on ``n − 2`` df, the interval, R², and Spearman's ``rho`` with its
        two-sided p (NaN when either variable is constant).

    Raises
    ------
    ValueError
        Fewer than 3 complete pairs, or a dose that does not vary (the slope is not estimable; R's ``lm``
        gives NA).

    References
    ----------
    Draper, N. R., & Smith, H. (1998). *Applied Regression Analysis*, 3rd ed., ch. 1. Wiley.
    Spearman, C. (1904). The proof and measurement of association between two things. *AJP* 15, 72–101.

    Examples
    --------
    >>> r = dose_response([0.2, 0.4, 0.6, 0.8], [1.0, 2.0, 2.0, 4.0])
    >>> round(r.slope, 6), round(r.rho, 6)
    (4.5, 0.948683)
    """
    level = check_level(conf_level, "conf_level")
    y, x = check_pair(check_vector(response, "response"), check_vector(dose, "dose"))
    n = int(x.size)
    if n < MIN_TEAMS:
        raise ValueError(f"dose: {n} complete pairs; at least {MIN_TEAMS} are needed for a slope")
    sxx = float(np.sum((x - x.mean()) ** 2))
    if sxx == 0:
        raise ValueError("dose: every value is the same; the slope is not estimable")
    slope = float(np.sum((x - x.mean()) * (y - y.mean())) / sxx)
    intercept = float(y.mean() - slope * x.mean())
    resid = y - intercept - slope * x
    df = n - 2
    rss = float(resid @ resid)
    se = math.sqrt(rss / df / sxx) if df > 0 else math.nan
    tss = float(np.sum((y - y.mean()) ** 2))
    t = slope / se if se > 0 else (math.inf if slope else math.nan)
    p = float(2 * sps.t.sf(abs(t), df)) if df > 0 and not math.isnan(t) else math.nan
    q = float(sps.t.ppf(1 - (1 - level) / 2, df)) if df > 0 else math.nan
    if np.ptp(y) == 0:
        rho, rho_p = math.nan, math.nan
    else:
        found = sps.spearmanr(x, y)
        rho, rho_p = float(found.statistic), float(found.pvalue)
    return DoseResponse(
        n=n,
        slope=slope,
        intercept=intercept,
        se=se,
        df=float(df),
        t=float(t),
        p=p,
        ci_low=slope - q * se,
        ci_high=slope + q * se,
        r_squared=1 - rss / tss if tss > 0 else math.nan,
        rho=rho,
        rho_p=rho_p,
    )


def reliable_change(
    post: ArrayLike, pre: ArrayLike, *, reliability: float, z: float = 1.96, higher_is_better: bool = True
) -> ReliableChange:
    """Which units changed beyond the reliable-change threshold ``z · SE_diff``.

    ``SE_diff = SD_pre · √2 · √(1 − reliability)``, with ``SD_pre`` the sample standard deviation (n − 1)
    of every pre score present; a unit improved when its change in the better direction exceeds the
    threshold (and worsened when its change the other way does).

    Parameters
    ----------
    post, pre : array_like
        One score per unit at each time; NaN where it was not observed.
    reliability : float
        The instrument's reliability (Cronbach's alpha, or an ICC), from 0 up to (not including) 1.
    z : float
        The normal quantile of the threshold (1.96: a change this large arises by measurement error alone
        in fewer than 5 % of units).
    higher_is_better : bool
        The better direction of the score.

    Returns
    -------
    ReliableChange

    References
    ----------
    Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to defining
    meaningful change in psychotherapy research. *J Consult Clin Psychol* 59, 12–19.

    Examples
    --------
    >>> r = reliable_change([3.0, 2.1, 2.0], [2.0, 2.0, 2.5], reliability=0.8)
    >>> round(r.threshold, 4), r.improved.tolist()
    (0.3578, [True, False, False])
    """
    a = check_vector(post, "post")
    b = check_vector(pre, "pre")
    if a.size != b.size:
        raise ValueError(f"pre: length {b.size} differs from post's {a.size}")
    r = float(reliability)
    if not 0.0 <= r < 1.0 or math.isnan(r):
        raise ValueError(f"reliability: must be from 0 up to 1 (not 1), got {reliability!r}")
    if not z > 0:
        raise ValueError(f"z: must be positive, got {z!r}")
    present = b[~np.isnan(b)]
    if present.size < 2:
        raise ValueError(f"pre: {present.size} scores; at least 2 are needed for their standard deviation")
    sd = float(np.std(present, ddof=1))
    se_diff = sd * math.sqrt(2) * math.sqrt(1 - r)
    threshold = z * se_diff
    diff = a - b
    sign = 1.0 if higher_is_better else -1.0
    with np.errstate(invalid="ignore"):
        better = np.nan_to_num(sign * diff, nan=0.0)
    complete = ~np.isnan(diff)
    return ReliableChange(
        diff=diff,
        sd_pre=sd,
        reliability=r,
        se_diff=se_diff,
        threshold=threshold,
        improved=complete & (better > threshold),
        worsened=complete & (-better > threshold),
        n_pairs=int(complete.sum()),
    )
