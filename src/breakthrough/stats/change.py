"""Change from pre to post: effect sizes, paired t, Wilcoxon signed rank, difference in differences."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize, special, stats

from breakthrough.stats._types import EffectSize, FloatArray, TTest, Wilcoxon
from breakthrough.stats._validation import check_alternative, check_level, check_pair, check_vector


def paired_difference(post: ArrayLike, pre: ArrayLike) -> FloatArray:
    """``post − pre`` over the pairs complete in both.

    Parameters
    ----------
    post, pre : array_like
        Scores of the same respondents at the later and the earlier wave; NaN is missing.

    Returns
    -------
    ndarray
        The differences (respondents missing either wave are dropped).

    References
    ----------
    Student (1908). The probable error of a mean. Biometrika 6, 1–25.

    Examples
    --------
    >>> paired_difference([3, 4, None], [2, 5, 1]).tolist()
    [1.0, -1.0]
    """
    a, b = check_pair(post, pre)
    return a - b


def _ncp_ci(t: float, df: float, level: float, alternative: str) -> tuple[float, float]:
    """Invert the noncentral t at the observed t (Steiger & Fouladi 1997)."""
    if alternative != "two-sided":
        level = 2 * level - 1
    tail = (1 - level) / 2

    def root(target: float) -> float:
        def f(ncp: float) -> float:
            return float(stats.nct.cdf(t, df, ncp)) - target

        lo, hi = t - 10.0, t + 10.0
        while f(lo) < 0:
            lo -= 10.0 + abs(lo)
        while f(hi) > 0:
            hi += 10.0 + abs(hi)
        try:
            return float(optimize.brentq(f, lo, hi, xtol=1e-14, rtol=1e-14))
        except ValueError:  # the noncentral t's cdf is NaN out there (scipy): no bound, rather than an error
            return float("nan")

    low, high = root(1 - tail), root(tail)
    if alternative == "greater":
        high = np.inf
    elif alternative == "less":
        low = -np.inf
    return low, high


def hedges_j(df: float) -> float:
    """Hedges' exact small-sample correction ``J = Γ(df/2) / (√(df/2) Γ((df−1)/2))``.

    Parameters
    ----------
    df : float
        Degrees of freedom of the standardizer.

    Returns
    -------
    float
        J, which tends to 1 as df grows (≈ 1 − 3/(4df − 1)).

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and related
    estimators. J. Educational Statistics 6, 107–128.

    Examples
    --------
    >>> round(hedges_j(38), 6)
    0.98011
    """
    return float(np.exp(special.gammaln(df / 2) - special.gammaln((df - 1) / 2)) / np.sqrt(df / 2))


def cohens_d(
    x: ArrayLike,
    y: ArrayLike | None = None,
    *,
    paired: bool = False,
    pooled_sd: bool = True,
    mu: float = 0.0,
    ci: float = 0.95,
    alternative: str = "two-sided",
) -> EffectSize:
    """Cohen's d with a noncentral-t confidence interval, as ``effectsize::cohens_d`` computes it.

    Parameters
    ----------
    x, y : array_like
        Two independent samples (each without its NaNs), or paired samples (``paired=True``: pairs
        complete in both), or one sample (``y=None``) compared with ``mu``.
    paired : bool
        Paired samples: ``d_z = (mean(x−y) − mu)/sd(x−y)``.
    pooled_sd : bool
        Independent samples: pooled SD (default) or ``sqrt((s1² + s2²)/2)`` with Welch df.
    mu : float
        The null difference.
    ci : float
        Confidence level.
    alternative : {"two-sided", "greater", "less"}
        One-sided intervals use level ``2·ci − 1`` with the open side infinite.

    Returns
    -------
    EffectSize
        The estimate, its interval (noncentral t inverted at the observed t, times ``sqrt(hn)``),
        the mean difference, the standardizer, t and df.

    Raises
    ------
    ValueError
        The standardizer is zero or undefined (e.g. both groups constant).

    References
    ----------
    Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences (2nd ed.). Erlbaum.
    Hedges, L. V., & Olkin, I. (1985). Statistical Methods for Meta-Analysis. Academic Press.
    Steiger, J. H., & Fouladi, R. T. (1997). Noncentrality interval estimation. In Harlow et al.,
    What If There Were No Significance Tests? Erlbaum.
    Ben-Shachar, M. S., Lüdecke, D., & Makowski, D. (2020). effectsize. JOSS 5(56), 2815.

    Examples
    --------
    >>> round(cohens_d([5, 6, 7, 8], [4, 5, 6, 5]).estimate, 4)
    1.3887
    """
    return _smd(x, y, paired, pooled_sd, mu, ci, alternative, hedges=False)


def hedges_g(
    x: ArrayLike,
    y: ArrayLike | None = None,
    *,
    paired: bool = False,
    pooled_sd: bool = True,
    mu: float = 0.0,
    ci: float = 0.95,
    alternative: str = "two-sided",
) -> EffectSize:
    """Hedges' g: Cohen's d and its interval times the exact correction J(df).

    Parameters
    ----------
    x, y, paired, pooled_sd, mu, ci, alternative
        As for :func:`cohens_d`.

    Returns
    -------
    EffectSize
        ``g = d · J`` with ``J = Γ(df/2)/(√(df/2) Γ((df−1)/2))``; the bounds are scaled the same way.

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and related
    estimators. J. Educational Statistics 6, 107–128.
    Hedges, L. V., & Olkin, I. (1985). Statistical Methods for Meta-Analysis. Academic Press.

    Examples
    --------
    >>> round(hedges_g([5, 6, 7, 8], [4, 5, 6, 5]).estimate, 4)
    1.2063
    """
    return _smd(x, y, paired, pooled_sd, mu, ci, alternative, hedges=True)


def _smd(
    x: ArrayLike,
    y: ArrayLike | None,
    paired: bool,
    pooled_sd: bool,
    mu: float,
    ci: float,
    alternative: str,
    *,
    hedges: bool,
) -> EffectSize:
    level = check_level(ci)
    alt = check_alternative(alternative)
    if y is None or paired:
        if y is None:
            d = check_vector(x, "x")
            d = d[~np.isnan(d)]
        else:
            a, b = check_pair(x, y)
            d = a - b
        n = d.size
        if n < 2:
            raise ValueError(f"x: needs at least 2 complete values, got {n}")
        mean_diff, sd = float(d.mean()), float(d.std(ddof=1))
        df, hn = n - 1.0, 1.0 / n
        is_paired = True
    else:
        a = check_vector(x, "x")
        b = check_vector(y, "y")
        a, b = a[~np.isnan(a)], b[~np.isnan(b)]
        n1, n2 = a.size, b.size
        if n1 < 1 or n2 < 1 or n1 + n2 < 3:
            raise ValueError(f"y: needs at least 3 values in all, got {n1} and {n2}")
        v1 = float(a.var(ddof=1)) if n1 > 1 else 0.0
        v2 = float(b.var(ddof=1)) if n2 > 1 else 0.0
        mean_diff = float(a.mean() - b.mean())
        if pooled_sd:
            sd = float(np.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2)))
            df, hn = n1 + n2 - 2.0, 1.0 / n1 + 1.0 / n2
        else:
            sd = float(np.sqrt((v1 + v2) / 2))
            with np.errstate(divide="ignore", invalid="ignore"):
                df = (v1 / n1 + v2 / n2) ** 2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1))
                hn = 2 * (n2 * v1 + n1 * v2) / (n1 * n2 * (v1 + v2))
        is_paired = False
    if not sd > 0 or not np.isfinite(df):
        raise ValueError("x: the standardizer (SD) is zero or undefined; the effect size is undefined")
    d_est = (mean_diff - mu) / sd
    t = d_est / np.sqrt(hn)
    low, high = _ncp_ci(t, df, level, alt)
    scale = np.sqrt(hn)
    low, high = low * scale, high * scale
    est = d_est
    if hedges:
        j = hedges_j(df)
        est, low, high = est * j, low * j, high * j
    return EffectSize(
        name="Hedges_g" if hedges else "Cohens_d",
        estimate=float(est),
        ci_low=float(low),
        ci_high=float(high),
        ci_level=level,
        mean_diff=mean_diff,
        standardizer=sd,
        t=float(t),
        df=float(df),
        paired=is_paired,
    )


def paired_t(
    post: ArrayLike,
    pre: ArrayLike,
    *,
    mu: float = 0.0,
    conf_level: float = 0.95,
    alternative: str = "two-sided",
) -> TTest:
    """Paired t test of ``post − pre`` over complete pairs, as ``stats::t.test(paired = TRUE)``.

    Parameters
    ----------
    post, pre : array_like
        Scores at the later and the earlier wave; a pair with a missing value is dropped.
    mu : float
        The null mean difference.
    conf_level : float
        Confidence level; a one-sided test gives a one-sided interval.
    alternative : {"two-sided", "greater", "less"}

    Returns
    -------
    TTest
        ``t = (d̄ − mu)/(s_d/√n)`` on n − 1 df, its p-value and the interval for the mean difference.

    Raises
    ------
    ValueError
        Fewer than two pairs, or all differences equal (R: "data are essentially constant").

    References
    ----------
    Student (1908). The probable error of a mean. Biometrika 6, 1–25.

    Examples
    --------
    >>> round(paired_t([3, 4, 6, 5], [2, 4, 4, 4]).statistic, 4)
    2.4495
    """
    level = check_level(conf_level, "conf_level")
    alt = check_alternative(alternative)
    a, b = check_pair(post, pre)
    d = a - b
    n = d.size
    if n < 2:
        raise ValueError(f"post: needs at least 2 complete pairs, got {n}")
    mean = float(d.mean())
    se = float(d.std(ddof=1) / np.sqrt(n))
    if se < 10 * np.finfo(float).eps * abs(mean):
        raise ValueError("post: the differences are essentially constant; t is undefined")
    df = n - 1.0
    t = (mean - mu) / se
    if alt == "two-sided":
        p = 2 * stats.t.sf(abs(t), df)
        q = stats.t.ppf(1 - (1 - level) / 2, df)
        low, high = mean - q * se, mean + q * se
    elif alt == "greater":
        p = stats.t.sf(t, df)
        low, high = mean - stats.t.ppf(level, df) * se, np.inf
    else:
        p = stats.t.cdf(t, df)
        low, high = -np.inf, mean + stats.t.ppf(level, df) * se
    return TTest(float(t), df, float(p), float(low), float(high), mean, se, n, alt)


def _signrank_density(n: int) -> FloatArray:
    """P(V = v), v = 0 … n(n+1)/2, of the signed rank statistic without ties (exact recursion)."""
    dens = np.zeros(n * (n + 1) // 2 + 1)
    dens[0] = 1.0
    for r in range(1, n + 1):
        dens[r:] = (dens[r:] + dens[:-r].copy()) / 2.0
        dens[:r] /= 2.0
    return dens


def wilcoxon_signed_rank(
    post: ArrayLike,
    pre: ArrayLike,
    *,
    exact: bool | None = None,
    correct: bool = True,
    alternative: str = "two-sided",
) -> Wilcoxon:
    """Wilcoxon signed rank test of ``post − pre``, as ``stats::wilcox.test(paired = TRUE)``.

    Parameters
    ----------
    post, pre : array_like
        Scores at the later and the earlier wave; a pair with a missing value is dropped, and so is
        a zero difference.
    exact : bool, optional
        Exact null distribution; by default when fewer than 50 non-zero differences. It is used only
        without ties and zeros; otherwise the normal approximation (with tie correction) is used.
    correct : bool
        Continuity correction of the normal approximation.
    alternative : {"two-sided", "greater", "less"}

    Returns
    -------
    Wilcoxon
        ``statistic`` is V, the sum of the ranks of the positive differences (for every
        alternative); the p-value is NaN when every difference is zero.

    References
    ----------
    Wilcoxon, F. (1945). Individual comparisons by ranking methods. Biometrics Bulletin 1, 80–83.
    Hollander, M., & Wolfe, D. A. (1973). Nonparametric Statistical Methods. Wiley, pp. 27–33.
    R Core Team. stats::wilcox.test (R 4.2.2).

    Examples
    --------
    >>> w = wilcoxon_signed_rank([3.1, 4.2, 5.3, 6.4, 2.8], [2, 3, 4, 5, 3])
    >>> w.statistic, w.p_value
    (14.0, 0.125)
    """
    alt = check_alternative(alternative)
    a, b = check_pair(post, pre)
    d = a - b
    n_zero = int(np.sum(d == 0))
    d = d[d != 0]
    n = d.size
    ranks = stats.rankdata(np.abs(d))
    v = float(ranks[d > 0].sum())
    _, tie_counts = np.unique(np.abs(d), return_counts=True)
    has_ties = bool(np.any(tie_counts > 1))
    use_exact = (exact if exact is not None else n < 50) and not has_ties and n_zero == 0
    if n == 0:
        return Wilcoxon(0.0, float("nan"), False, correct, 0, n_zero, False, alt)
    if use_exact:
        dens = _signrank_density(n)
        lower = float(dens[: int(v) + 1].sum())
        upper = float(dens[int(v) :].sum())
        if alt == "two-sided":
            p = min(1.0, 2 * (upper if v > n * (n + 1) / 4 else lower))
        else:
            p = upper if alt == "greater" else lower
    else:
        z = v - n * (n + 1) / 4
        sigma = np.sqrt(n * (n + 1) * (2 * n + 1) / 24 - np.sum(tie_counts**3 - tie_counts) / 48)
        corr = 0.0
        if correct:
            corr = {"two-sided": np.sign(z) * 0.5, "greater": 0.5, "less": -0.5}[alt]
        z = (z - corr) / sigma
        if alt == "two-sided":
            p = 2 * min(stats.norm.cdf(z), stats.norm.sf(z))
        else:
            p = stats.norm.sf(z) if alt == "greater" else stats.norm.cdf(z)
    return Wilcoxon(v, float(p), bool(use_exact), correct, n, n_zero, has_ties, alt)
