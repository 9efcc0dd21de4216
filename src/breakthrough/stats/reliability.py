"""Reliability: Cronbach's alpha, intraclass correlations, Cohen's kappa, percent agreement."""

from __future__ import annotations

from dataclasses import fields, replace
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from breakthrough.stats import _reml
from breakthrough.stats._moments import moments
from breakthrough.stats._types import ICC, Alpha, AlphaDropped, FloatArray, ItemStats
from breakthrough.stats._validation import (
    check_choice,
    check_keys,
    check_level,
    check_matrix,
)


def _smc(r: FloatArray) -> FloatArray:
    """Squared multiple correlations ``1 − 1/diag(R⁻¹)`` (pseudo-inverse), clipped to [0, 1]."""
    return np.clip(1.0 - 1.0 / np.diag(np.linalg.pinv(r)), 0.0, 1.0)


def _alpha_core(c: FloatArray, r: FloatArray) -> tuple[float, ...]:
    """psych's ``alpha.1``: raw, std, G6, average r, S/N, Q, var r, median r."""
    k = c.shape[0]
    sum_c, sum_r = c.sum(), r.sum()
    raw = (1.0 - np.trace(c) / sum_c) * k / (k - 1)
    std = (1.0 - k / sum_r) * k / (k - 1)
    g6 = 1.0 - (k - _smc(r).sum()) / sum_r
    av_r = (sum_r - k) / (k * (k - 1))
    low = r[np.tril_indices(k, -1)]
    var_r = float(np.var(low, ddof=1)) if low.size > 1 else float("nan")
    med_r = float(np.median(low))
    cc = c @ c
    q = (2 * k**2 / ((k - 1) ** 2 * sum_c**3)) * (
        sum_c * (np.trace(cc) + np.trace(c) ** 2) - 2 * np.trace(c) * cc.sum()
    )
    return raw, std, g6, av_r, k * av_r / (1 - av_r), q, var_r, med_r


@lru_cache(maxsize=64)
def _without(k: int) -> tuple[tuple[NDArray[np.intp], NDArray[np.intp]], NDArray[np.intp], NDArray[np.intp]]:
    """Index tables for k items: the lower-triangle pairs, for each item i the positions of the pairs
    without it, and the k − 1 other items."""
    low = np.tril_indices(k, -1)
    items = np.arange(k)[:, None]
    keep = (low[0][None, :] != items) & (low[1][None, :] != items)
    others = np.nonzero(np.arange(k)[None, :] != items)[1].reshape(k, k - 1)
    return low, np.nonzero(keep)[1].reshape(k, -1), others


_COND_INVERSE = 1e3  # up to this 1-norm condition number of R, the submatrices' SMCs come from R⁻¹


def _smc_without(r: FloatArray, p: FloatArray, others: NDArray[np.intp]) -> FloatArray:
    """For each left-out item i, the sum of the other items' SMCs within the set without i.

    When R is invertible and well-conditioned (``p = pinv(R)`` is then its inverse), leaving item i
    out gives ``[(R₋ᵢ)⁻¹]_jj = P_jj − P_ji²/P_ii`` from the one inverse. Otherwise every submatrix is
    pseudo-inverted as psych does, all k in one batched call.
    """
    k = r.shape[0]
    cond = np.abs(r).sum(axis=0).max() * np.abs(p).sum(axis=0).max()
    if cond < _COND_INVERSE and np.abs(r @ p - np.eye(k)).max() < 1e-10:
        d = np.diag(p)
        diag = d[None, :] - p * p / d[:, None]  # diag[i, j]: [(R₋ᵢ)⁻¹]_jj (0 for j = i, dropped below)
        with np.errstate(divide="ignore"):
            smc = np.clip(1.0 - 1.0 / diag, 0.0, 1.0)
        np.fill_diagonal(smc, 0.0)
        return np.asarray(smc.sum(axis=1), dtype=np.float64)
    subs = r[others[:, :, None], others[:, None, :]]
    sub_diag = np.diagonal(np.linalg.pinv(subs), axis1=1, axis2=2)
    return np.asarray(np.clip(1.0 - 1.0 / sub_diag, 0.0, 1.0).sum(axis=1), dtype=np.float64)


def _alpha_all(c: FloatArray, r: FloatArray) -> tuple[tuple[float, ...], AlphaDropped, FloatArray]:
    """psych's ``alpha.1`` for the whole set and with each item dropped, from C and R without loops.

    Returns the whole-set tuple (raw, std, G6, average r, S/N, Q, var r, median r), the dropped
    statistics (``alpha_se`` holds Q) and the SMCs. Sums over the set without item i are products with
    ``M = 1 − I`` (``diag(M A M)``), so no total minus item term loses precision.
    """
    k = c.shape[0]
    (lo_i, lo_j), pairs, others = _without(k)
    drop = 1.0 - np.eye(k)
    p = np.linalg.pinv(r)
    smc = np.clip(1.0 - 1.0 / np.diag(p), 0.0, 1.0)  # as _smc
    smc_sub = _smc_without(r, p, others)
    low = r[lo_i, lo_j]
    rest = low[pairs]  # (k, pairs without item i)
    dc = np.diag(c)
    col_c = c @ drop  # col_c[j, i]: Σ_{b ≠ i} C_jb
    sub_c = np.sum(col_c * drop, axis=0)  # Σ_{a, b ≠ i} C_ab
    sub_r = np.sum((r @ drop) * drop, axis=0)
    sub_tr = drop @ dc
    sub_fro = np.sum(((c * c) @ drop) * drop, axis=0)  # tr(C₋ᵢ²) = ‖C₋ᵢ‖²_F
    sub_cc = np.sum(col_c * col_c * drop, axis=0)  # 1ᵀC₋ᵢ²1 = ‖C₋ᵢ1‖²
    sum_c, sum_r, tr_c = c.sum(), r.sum(), np.trace(c)
    cc = c @ c
    whole_q = _q(k, sum_c, tr_c, np.trace(cc), cc.sum())
    m = k - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = (1.0 - sub_tr / sub_c) * m / (m - 1)
        std = (1.0 - m / sub_r) * m / (m - 1)
        g6 = 1.0 - (m - smc_sub) / sub_r
        av_r = (sub_r - m) / (m * (m - 1))
        q = _q(m, sub_c, sub_tr, sub_fro, sub_cc)
        var_r = np.var(rest, axis=1, ddof=1) if rest.shape[1] > 1 else np.full(k, np.nan)
        med_r = np.median(rest, axis=1)
        w_av = (sum_r - k) / (k * (k - 1))
        whole = (
            (1.0 - tr_c / sum_c) * k / (k - 1),
            (1.0 - k / sum_r) * k / (k - 1),
            1.0 - (k - smc.sum()) / sum_r,
            w_av,
            k * w_av / (1 - w_av),
            whole_q,
            float(np.var(low, ddof=1)) if low.size > 1 else float("nan"),
            float(np.median(low)),
        )
        dropped = AlphaDropped(raw, std, g6, av_r, m * av_r / (1 - av_r), q, var_r, med_r)
    return whole, dropped, smc


def _q(k: int, sum_c: Any, tr_c: Any, tr_cc: Any, sum_cc: Any) -> Any:
    """Duhachek & Iacobucci's Q (alpha's variance × n) from ΣC, tr C, tr C² and ΣC² of k items."""
    return (2 * k**2 / ((k - 1) ** 2 * sum_c**3)) * (sum_c * (tr_cc + tr_c**2) - 2 * tr_c * sum_cc)


def _alpha_dropped(
    c: FloatArray, r: FloatArray, nsub: int
) -> tuple[tuple[float, ...], AlphaDropped, FloatArray]:
    """The whole-set statistics, those with each item dropped (Q turned into its standard error), SMCs."""
    k = c.shape[0]
    if k > 2:
        whole, d, smc = _alpha_all(c, r)
        q = d.alpha_se
    else:
        # psych special-cases two items: the "alpha" of one item is C12/Cjj.
        whole, smc = _alpha_core(c, r), _smc(r)
        r12, smc1 = r[0, 1], smc[0]
        a = np.array(
            [(c[0, 1] / c[j, j], r12, smc1, r12, r12 / (1 - r12), np.nan, 0.0, r12) for j in (1, 0)],
            dtype=np.float64,
        )
        d = AlphaDropped(a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4], a[:, 5], a[:, 6], a[:, 7])
        q = a[:, 5]
    se = np.sqrt(q / nsub) if nsub > k else np.full(k, np.nan)
    return whole, replace(d, alpha_se=se), smc


def cronbach_alpha(
    items: ArrayLike,
    keys: ArrayLike | None = None,
    *,
    cumulative: bool = False,
    scale_min: float | None = None,
    scale_max: float | None = None,
) -> Alpha:
    """Cronbach's alpha, raw and standardized, with alpha-if-dropped and item–total correlations.

    Parameters
    ----------
    items : array_like, shape (n_respondents, n_items)
        Item responses; NaN is missing. Covariances are pairwise-complete.
    keys : array_like of {1, -1}, optional
        −1 marks a reverse-keyed item (its covariances change sign; its scores are reversed).
    cumulative : bool
        Score respondents by the sum (True) or the mean (False) of the answered keyed items.
    scale_min, scale_max : float, optional
        The response scale's range, used to reverse items for ``scores``. By default the observed
        minimum and maximum over all items, as ``psych::alpha`` does.

    Returns
    -------
    Alpha
        ``raw_alpha = k/(k−1)·(1 − tr C/ΣC)``; ``std_alpha`` from the correlation matrix; ``g6``
        (Guttman's λ6 from squared multiple correlations); ``ase`` (Duhachek & Iacobucci);
        Feldt's 95% interval; ``dropped`` (each statistic without item i) and ``items``
        (``r_drop`` is the corrected item–total correlation). Items with zero variance are left out of
        every statistic but still counted in the scores (as psych does); ``item_index`` names the
        items kept.

    Raises
    ------
    ValueError
        Fewer than two items with non-zero variance.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. Psychometrika 16, 297–334.
    Guttman, L. (1945). A basis for analyzing test-retest reliability. Psychometrika 10, 255–282.
    Feldt, L. S., Woodruff, D. J., & Salih, F. A. (1987). Statistical inference for coefficient alpha.
    Applied Psychological Measurement 11, 93–103.
    Duhachek, A., & Iacobucci, D. (2004). Alpha's standard error (ASE). J. Applied Psychology 89, 792–808.
    Revelle, W. psych::alpha (R package, version 2.2.9).

    Examples
    --------
    >>> x = [[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 5], [5, 5, 4]]
    >>> round(cronbach_alpha(x).raw_alpha, 4)
    0.9286
    """
    x = check_matrix(items, "items", min_rows=2, min_cols=2)
    nsub = x.shape[0]
    mo = moments(x)
    cov_all = mo.cov()
    with np.errstate(invalid="ignore"):
        varies = np.nan_to_num(np.sqrt(np.diag(cov_all)), nan=0.0) > 0
    good, bad = np.flatnonzero(varies), np.flatnonzero(~varies)
    if good.size < 2:
        raise ValueError("items: fewer than two items vary; alpha is undefined")
    kfull = check_keys(keys, x.shape[1])
    kv = kfull[good]
    c = cov_all[np.ix_(good, good)] * np.outer(kv, kv)
    dc = np.diag(c)
    r = c / np.sqrt(np.outer(dc, dc))
    k = good.size
    (raw, std, g6, av_r, sn, q, var_r, med_r), dropped, smc = _alpha_dropped(c, r, nsub)
    # Keyed item j = k_j·x_j (+ lo + hi when reversed); scores from the row sums of the keyed items.
    rev = np.zeros(x.shape[1])
    lo_hi = 0.0
    if (kv < 0).any():
        xs = x if bad.size == 0 else x[:, good]
        lo = np.nanmin(xs) if scale_min is None else scale_min
        hi = np.nanmax(xs) if scale_max is None else scale_max
        lo_hi = float(lo + hi)
        rev[good] = kv < 0
    kg = np.zeros(x.shape[1])
    kg[good] = kv
    use = np.zeros(x.shape[1])
    use[good] = 1.0
    w = kg * mo.centre + lo_hi * rev
    answered = k - mo.missing_dot(use)
    total = np.where(answered > 0, mo.z @ kg + (w.sum() - mo.missing_dot(w)), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        sum_bad = float(np.nansum(x[0, bad]))
        if cumulative:
            scores = total + sum_bad
        else:
            mean = np.where(answered > 0, total / np.maximum(answered, 1), np.nan)
            scores = (k * mean + sum_bad) / (k + bad.size)
    present = ~np.isnan(scores)
    sc = scores[present] if not present.all() else scores
    score_mean = float(sc.mean()) if sc.size else float("nan")
    sc0 = np.where(present, scores - score_mean, 0.0)
    # Item–total correlations over the rows where the item is answered (the total is present there too).
    cnt = mo.count[good]
    z_s, z_c = (mo.z.T @ sc0)[good], np.diag(mo.s)[good]
    s_c, s_s = mo.present_dot(sc0)[good], mo.present_dot(sc0 * sc0)[good]
    with np.errstate(invalid="ignore", divide="ignore"):
        cross = z_s - z_c * s_c / cnt
        var_i = np.diag(mo.zz)[good] - z_c * z_c / cnt
        var_s = s_s - s_c * s_c / cnt
        raw_r = kv * cross / np.sqrt(var_i * var_s)
        score_sd = float(np.sqrt(np.sum((sc - score_mean) ** 2) / (sc.size - 1)))
    rc = r.copy()
    np.fill_diagonal(rc, smc)
    drop = 1.0 - np.eye(k)
    rest_c = c @ drop  # rest_c[j, i]: Σ_{b ≠ i} C_jb
    with np.errstate(invalid="ignore", divide="ignore"):  # r_cor: NaN when the smc-corrected sum is < 0
        r_drop = np.diag(rest_c) / np.sqrt(dc * np.sum(rest_c * drop, axis=0))
        r_cor = rc.sum(axis=0) / np.sqrt(rc.sum())
    item_stats = ItemStats(
        n=cnt.astype(np.int64),
        raw_r=raw_r,
        std_r=r.sum(axis=0) / np.sqrt(r.sum()),
        r_cor=r_cor,
        r_drop=r_drop,
        mean=(kv * mo.means()[good] + lo_hi * rev[good]),
        sd=np.sqrt(dc),
    )
    df1, df2 = nsub - 1, (nsub - 1) * (k - 1)
    return Alpha(
        raw_alpha=float(raw),
        std_alpha=float(std),
        g6=float(g6),
        average_r=float(av_r),
        signal_noise=float(sn),
        ase=float(np.sqrt(q / nsub)),
        mean=score_mean,
        sd=score_sd,
        median_r=float(med_r),
        var_r=float(var_r),
        feldt_lower=float(1 - (1 - raw) * special.fdtri(df1, df2, 0.975)),
        feldt_upper=float(1 - (1 - raw) * special.fdtri(df1, df2, 0.025)),
        scores=scores,
        item_index=good.astype(np.int64),
        dropped=dropped,
        items=item_stats,
    )


def _icc_mean_squares(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Two-way ANOVA mean squares MSB, MSJ, MSE and MSW of complete n×k tables (stacked on axis 0)."""
    _, n, k = x.shape
    grand = x.mean(axis=(1, 2))
    ssb = k * np.sum((x.mean(axis=2) - grand[:, None]) ** 2, axis=1)
    ssj = n * np.sum((x.mean(axis=1) - grand[:, None]) ** 2, axis=1)
    sse = np.maximum(np.sum((x - grand[:, None, None]) ** 2, axis=(1, 2)) - ssb - ssj, 0.0)
    return ssb / (n - 1), ssj / (k - 1), sse / ((n - 1) * (k - 1)), (ssj + sse) / (n * (k - 1))


def _icc_reml(x: FloatArray) -> FloatArray:
    """REML variance components (subject, rater, residual) of ``y ~ 1 + (1|subject) + (1|rater)``."""
    n, k = x.shape
    rows, cols = np.nonzero(~np.isnan(x))
    y = x[rows, cols]
    z = np.zeros((y.size, n + k))
    z[np.arange(y.size), rows] = 1.0
    z[np.arange(y.size), n + cols] = 1.0
    term = np.concatenate([np.zeros(n, np.int64), np.ones(k, np.int64)])
    cp = _reml.crossprods(np.ones((y.size, 1)), y, z, term)
    theta = _reml.fit_theta(cp, 2, reml=True)
    s2 = _reml.sigma2_hat(cp, _reml.profile(cp, theta), reml=True)
    return np.array([theta[0] ** 2 * s2, theta[1] ** 2 * s2, s2])


def icc(ratings: ArrayLike, *, alpha: float = 0.05, method: str = "anova") -> ICC:
    """The six Shrout–Fleiss intraclass correlations with F tests and confidence intervals.

    Parameters
    ----------
    ratings : array_like, shape (n_subjects, n_raters) or (n_sets, n_subjects, n_raters)
        One row per subject (e.g. classroom), one column per rater. A 3-D array computes many sets at
        once (e.g. every item of an observation tool); every output then gains a leading axis.
    alpha : float
        1 − confidence level of the intervals.
    method : {"anova", "reml"}
        ``"anova"`` (default; needs complete data) uses two-way ANOVA mean squares. ``"reml"`` rebuilds
        them from REML variance components of ``y ~ 1 + (1|subject) + (1|rater)``, as ``psych::ICC``
        does by default (``lmer = TRUE``); it accepts missing ratings, and differs from ANOVA when a
        variance is truncated at 0.

    Returns
    -------
    ICC
        In the order ICC1, ICC2, ICC3 (single rater) and ICC1k, ICC2k, ICC3k (mean of k raters):
        ``ICC1 = (MSB−MSW)/(MSB+(k−1)MSW)``, ``ICC2 = (MSB−MSE)/(MSB+(k−1)MSE+k(MSJ−MSE)/n)``,
        ``ICC3 = (MSB−MSE)/(MSB+(k−1)MSE)``. The ICC2 interval uses McGraw & Wong's approximate df.

    References
    ----------
    Shrout, P. E., & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater reliability.
    Psychological Bulletin 86, 420–428.
    McGraw, K. O., & Wong, S. P. (1996). Forming inferences about some intraclass correlation
    coefficients. Psychological Methods 1, 30–46.
    Revelle, W. psych::ICC (R package, version 2.2.9).

    Examples
    --------
    >>> r = icc([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]])
    >>> [round(float(v), 2) for v in r.icc]
    [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
    """
    check_choice(method, "method", ("anova", "reml"))
    check_level(alpha, "alpha")
    raw = np.asarray(ratings, dtype=object)
    batch = raw.ndim == 3
    sets = (
        [check_matrix(s, f"ratings[{i}]", min_rows=2, min_cols=2) for i, s in enumerate(raw)]
        if batch
        else None
    )
    x = np.stack(sets) if sets is not None else check_matrix(ratings, "ratings", min_rows=2, min_cols=2)[None]
    _, n, k = x.shape

    def where(i: int) -> str:
        return f"ratings[{i}]" if batch else "ratings"

    if method == "anova":
        for i, xi in enumerate(x):
            missing = np.argwhere(np.isnan(xi))
            if missing.size:
                raise ValueError(
                    f"{where(i)}: missing value at row {missing[0][0]}, column {missing[0][1]}; "
                    "use method='reml' for incomplete ratings"
                )
        msb, msj, mse, msw = _icc_mean_squares(x)
        comps = np.full((x.shape[0], 3), np.nan)
    else:
        for i, xi in enumerate(x):
            empty = np.flatnonzero(np.all(np.isnan(xi), axis=1))
            if empty.size:
                raise ValueError(f"{where(i)}: row {empty[0]} has no ratings")
        comps = np.array([_icc_reml(xi) for xi in x])
        msb, msj, mse = k * comps[:, 0] + comps[:, 2], n * comps[:, 1] + comps[:, 2], comps[:, 2]
        msw = comps[:, 2] + comps[:, 1]
    out = _icc_from_ms(msb, msj, mse, msw, n, k, alpha, method, comps)
    return out if batch else _first(out)


def _first(r: ICC) -> ICC:
    """The single set of a batch of one."""
    return ICC(
        **{
            f.name: (
                getattr(r, f.name)[0] if isinstance(getattr(r, f.name), np.ndarray) else getattr(r, f.name)
            )
            for f in fields(r)
        }
    )


def _icc_from_ms(
    msb: FloatArray,
    msj: FloatArray,
    mse: FloatArray,
    msw: FloatArray,
    n: int,
    k: int,
    alpha: float,
    method: str,
    comps: FloatArray,
) -> ICC:
    """Every ICC output from the mean squares of each set (arrays of shape (n_sets,))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
        vals = np.stack(
            [
                (msb - msw) / (msb + (k - 1) * msw),
                icc2,
                (msb - mse) / (msb + (k - 1) * mse),
                (msb - msw) / msb,
                (msb - mse) / (msb + (msj - mse) / n),
                (msb - mse) / msb,
            ],
            axis=-1,
        )
        df1, df21, df23 = n - 1, n * (k - 1), (n - 1) * (k - 1)
        f1, f3, fj = msb / msw, msb / mse, msj / mse
        p1, p3 = stats.f.sf(f1, df1, df21), stats.f.sf(f3, df1, df23)
        q = 1 - alpha / 2
        fl1, fu1 = f1 / stats.f.ppf(q, df1, df21), f1 * stats.f.ppf(q, df21, df1)
        fl3, fu3 = f3 / stats.f.ppf(q, df1, df23), f3 * stats.f.ppf(q, df23, df1)
        base = n * (1 + (k - 1) * icc2) - k * icc2
        v = (k - 1) * (n - 1) * (k * icc2 * fj + base) ** 2 / ((n - 1) * k**2 * icc2**2 * fj**2 + base**2)
        fs, fss = stats.f.ppf(q, n - 1, v), stats.f.ppf(q, v, n - 1)
        lo2 = n * (msb - fs * mse) / (fs * (k * msj + (k * n - k - n) * mse) + n * msb)
        hi2 = n * (fss * msb - mse) / (k * msj + (k * n - k - n) * mse + n * fss * msb)
        lower = np.stack(
            [
                (fl1 - 1) / (fl1 + k - 1),
                lo2,
                (fl3 - 1) / (fl3 + k - 1),
                1 - 1 / fl1,
                lo2 * k / (1 + (k - 1) * lo2),
                1 - 1 / fl3,
            ],
            axis=-1,
        )
        upper = np.stack(
            [
                (fu1 - 1) / (fu1 + k - 1),
                hi2,
                (fu3 - 1) / (fu3 + k - 1),
                1 - 1 / fu1,
                hi2 * k / (1 + (k - 1) * hi2),
                1 - 1 / fu3,
            ],
            axis=-1,
        )
        # A perfect fit (MSE = 0): F is infinite and the bounds are undefined.
        lower = np.where(np.isfinite(f3)[:, None], lower, np.nan)
        upper = np.where(np.isfinite(f3)[:, None], upper, np.nan)
    m = msb.shape[0]
    return ICC(
        icc=vals,
        f=np.stack([f1, f3, f3, f1, f3, f3], axis=-1),
        df1=np.full((m, 6), float(df1)),
        df2=np.tile(np.array([df21, df23, df23, df21, df23, df23], dtype=np.float64), (m, 1)),
        p=np.stack([p1, p3, p3, p1, p3, p3], axis=-1),
        lower=lower,
        upper=upper,
        msb=msb,
        msj=msj,
        mse=mse,
        msw=msw,
        n_subjects=n,
        n_raters=k,
        method=method,
        variance_components=comps,
    )
