"""Difference in differences: ``score ~ group * time`` by OLS and with a classroom random intercept."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from breakthrough.stats import _reml
from breakthrough.stats._types import DiD, FloatArray
from breakthrough.stats._validation import check_labels, check_level, check_vector, is_missing, sort_labels


def _coding(values: ArrayLike, name: str, levels: ArrayLike | None, n: int) -> FloatArray:
    """Numbers are used as they are (as R's lm does); labels become 0/1 with levels[0] the reference."""
    raw = check_labels(values, name)
    if len(raw) != n:
        raise ValueError(f"{name}: length {len(raw)} differs from score's {n}")
    if levels is None:
        try:
            return np.array([np.nan if is_missing(v) else float(v) for v in raw])
        except (TypeError, ValueError):
            pass
        levels = sort_labels([v for v in raw if not is_missing(v)], name)
    lv = check_labels(levels, name) if levels is not None else []
    if len(lv) != 2:
        raise ValueError(f"{name}: expected two levels (reference, other), got {lv!r}")
    out = np.empty(n)
    for i, v in enumerate(raw):
        if is_missing(v):
            out[i] = np.nan
        elif v in lv:
            out[i] = float(lv.index(v))
        else:
            raise ValueError(f"{name}: row {i} has {v!r}, not one of the levels {lv!r}")
    return out


def _design(
    score: ArrayLike, group: ArrayLike, time: ArrayLike, group_levels: Any, time_levels: Any
) -> tuple[FloatArray, FloatArray, FloatArray, int]:
    y = check_vector(score, "score")
    g = _coding(group, "group", group_levels, y.size)
    t = _coding(time, "time", time_levels, y.size)
    for name, arr in (("group", g), ("time", t)):
        bad = np.flatnonzero(np.isnan(arr))
        if bad.size:
            raise ValueError(f"{name}: missing value at row {bad[0]}")
    keep = ~np.isnan(y)
    x = np.column_stack([np.ones(y.size), g, t, g * t])
    return x[keep], y[keep], keep, int((~keep).sum())


def _estimable(x: FloatArray) -> FloatArray:
    """Columns kept by a pivoting QR in order, as R's lm drops aliased ones (NA)."""
    kept: list[int] = []
    for j in range(x.shape[1]):
        cand = [*kept, j]
        if np.linalg.matrix_rank(x[:, cand], tol=1e-7 * max(1.0, np.abs(x).max())) == len(cand):
            kept.append(j)
    return np.array(kept, dtype=np.int64)


def did_ols(
    score: ArrayLike,
    group: ArrayLike,
    time: ArrayLike,
    *,
    group_levels: ArrayLike | None = None,
    time_levels: ArrayLike | None = None,
    conf_level: float = 0.95,
) -> DiD:
    """Difference in differences by ordinary least squares, as ``lm(score ~ group * time)``.

    Parameters
    ----------
    score : array_like
        One score per row (classroom × wave, or child × wave); NaN rows are dropped.
    group, time : array_like
        Numbers (used as they are: 1 = participating, 1 = post) or labels. Labels are coded 0/1
        with ``levels[0]`` as the reference; by default the levels are sorted, as R's ``factor``
        does (so "comparison" < "participating" but "post" < "pre": pass ``time_levels``).
    group_levels, time_levels : sequence of two labels, optional
        ``(reference, other)``.
    conf_level : float
        Level of the coefficient intervals.

    Returns
    -------
    DiD
        Coefficients of ``(Intercept), group, time, group:time`` with OLS SEs, t on n − p df,
        p-values and intervals. A term that is not estimable (e.g. ``group`` and ``group:time`` with a
        single group) is flagged in ``aliased``, and its estimate, SE and row and column of ``vcov``
        are NaN, as R's ``lm`` gives NA (the other terms are fitted without it). ``did`` is the
        ``group:time`` coefficient.

    References
    ----------
    Angrist, J. D., & Pischke, J.-S. (2009). Mostly Harmless Econometrics, ch. 5. Princeton.
    Chambers, J. M. (1992). Linear models. In Statistical Models in S, ch. 4. Wadsworth.

    Examples
    --------
    >>> r = did_ols([1, 2, 1, 4, 1.5, 2.5, 0.5, 4.5], [0, 0, 1, 1] * 2, [0, 1, 0, 1] * 2)
    >>> round(r.did, 6)
    2.5
    """
    level = check_level(conf_level, "conf_level")
    x, y, _, n_dropped = _design(score, group, time, group_levels, time_levels)
    kept = _estimable(x)
    xk = x[:, kept]
    n, p = xk.shape
    if n <= p:
        raise ValueError(f"score: {n} complete rows for {p} coefficients; no residual df")
    xtx_inv = np.linalg.inv(xk.T @ xk)
    beta = xtx_inv @ xk.T @ y
    resid = y - xk @ beta
    df = n - p
    sigma2 = float(resid @ resid / df)
    vcov = sigma2 * xtx_inv
    est = np.full(4, np.nan)
    se = np.full(4, np.nan)
    est[kept], se[kept] = beta, np.sqrt(np.diag(vcov))
    full_vcov = np.full((4, 4), np.nan)
    full_vcov[np.ix_(kept, kept)] = vcov
    aliased = np.ones(4, dtype=bool)
    aliased[kept] = False
    tss = float(np.sum((y - y.mean()) ** 2))
    r2 = 1 - float(resid @ resid) / tss if tss > 0 else float("nan")
    return _table(
        est,
        se,
        np.full(4, float(df)),
        level,
        vcov=full_vcov,
        aliased=aliased,
        nobs=n,
        n_dropped=n_dropped,
        sigma=float(np.sqrt(sigma2)),
        r_squared=r2,
        adj_r_squared=1 - (1 - r2) * (n - 1) / df,
    )


def _table(est: FloatArray, se: FloatArray, df: FloatArray, level: float, **kw: Any) -> DiD:
    with np.errstate(invalid="ignore", divide="ignore"):
        t = est / se
        p = 2 * stats.t.sf(np.abs(t), df)
        q = stats.t.ppf(1 - (1 - level) / 2, df)
    return DiD(estimate=est, se=se, t=t, df=df, p=p, ci_low=est - q * se, ci_high=est + q * se, **kw)


def did_mixed(
    score: ArrayLike,
    group: ArrayLike,
    time: ArrayLike,
    classroom: ArrayLike,
    *,
    reml: bool = True,
    group_levels: ArrayLike | None = None,
    time_levels: ArrayLike | None = None,
    conf_level: float = 0.95,
) -> DiD:
    """Difference in differences with a classroom random intercept, as ``lmerTest::lmer``.

    Fits ``score ~ group * time + (1 | classroom)`` by REML (or ML). statsmodels' ``MixedLM`` gives
    the starting value; the relative classroom SD θ = σ_c/σ is then polished on lme4's profiled
    deviance, so the estimates match lme4's optimum. SEs are lme4's ``sqrt(diag(σ²(XᵀV⁻¹X)⁻¹))``
    (conditional on the variances, not MixedLM's joint-Hessian ``bse_fe``), and the df are
    lmerTest's Satterthwaite df from a numerical Hessian of the deviance in (θ, σ).

    Parameters
    ----------
    score, group, time : array_like
        As for :func:`did_ols`; rows with a missing score are dropped.
    classroom : array_like
        The cluster of each row (labels).
    reml : bool
        REML (default) or maximum likelihood.
    group_levels, time_levels : sequence of two labels, optional
        ``(reference, other)`` for label coding.
    conf_level : float
        Level of the intervals (t on the Satterthwaite df).

    Returns
    -------
    DiD
        Coefficients with SEs, Satterthwaite df, t, p and intervals; ``classroom_var``,
        ``residual_var``, ``theta``, ``criterion`` (REML criterion, or the ML deviance),
        ``log_lik`` and ``is_singular`` (θ < 1e-4, lme4's rule).

    References
    ----------
    Bates, D., Mächler, M., Bolker, B., & Walker, S. (2015). Fitting linear mixed-effects models using
    lme4. J. Statistical Software 67(1).
    Kuznetsova, A., Brockhoff, P. B., & Christensen, R. H. B. (2017). lmerTest package: tests in linear
    mixed effects models. J. Statistical Software 82(13).
    Satterthwaite, F. E. (1946). An approximate distribution of estimates of variance components.
    Biometrics Bulletin 2, 110–114.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> room = np.repeat(np.arange(8), 6)
    >>> g, t = (room < 4).astype(float), np.tile([0.0, 1.0], 24)
    >>> y = 3 + 0.5 * g * t + rng.normal(0, 0.5, 8)[room] + rng.normal(0, 0.3, 48)
    >>> r = did_mixed(y, g, t, room)
    >>> bool(r.df[3] > 30), r.n_classrooms
    (True, 8)
    """
    level = check_level(conf_level, "conf_level")
    x, y, keep, n_dropped = _design(score, group, time, group_levels, time_levels)
    labels = check_labels(classroom, "classroom")
    if len(labels) != keep.size:
        raise ValueError(f"classroom: length {len(labels)} differs from score's {keep.size}")
    for i, lab in enumerate(labels):
        if is_missing(lab):
            raise ValueError(f"classroom: missing value at row {i}")
    rooms = [lab for lab, k in zip(labels, keep, strict=True) if k]
    index = {lab: i for i, lab in enumerate(dict.fromkeys(rooms))}
    code = np.array([index[lab] for lab in rooms])
    if _estimable(x).size < 4:
        raise ValueError("group: both groups and both times are needed for a difference in differences")
    q = len(index)
    if q < 2:
        raise ValueError("classroom: needs at least two classrooms")
    z = np.zeros((y.size, q))
    z[np.arange(y.size), code] = 1.0
    cp = _reml.crossprods(x, y, z, np.zeros(q, np.int64))
    theta = _reml.fit_theta(cp, 1, reml=reml, start=_statsmodels_start(y, x, code, reml))
    pr = _reml.profile(cp, theta)
    s2 = _reml.sigma2_hat(cp, pr, reml=reml)
    vcov = s2 * np.linalg.inv(pr.xvx)
    se = np.sqrt(np.diag(vcov))
    varpar = np.array([theta[0], np.sqrt(s2)])
    df = _satterthwaite(cp, varpar, reml=reml)
    crit = _reml.deviance(cp, theta, reml=reml)
    return _table(
        pr.beta,
        se,
        df,
        level,
        vcov=vcov,
        nobs=int(y.size),
        n_dropped=n_dropped,
        sigma=float(np.sqrt(s2)),
        classroom_var=float(theta[0] ** 2 * s2),
        residual_var=float(s2),
        theta=float(theta[0]),
        criterion=float(crit),
        log_lik=float(-crit / 2),
        n_classrooms=q,
        is_singular=bool(theta[0] < 1e-4),
        method="reml" if reml else "ml",
    )


def _statsmodels_start(y: FloatArray, x: FloatArray, code: FloatArray, reml: bool) -> FloatArray | None:
    """θ from statsmodels' MixedLM, used only to start the polish; None if it fails."""
    try:
        from statsmodels.regression.mixed_linear_model import MixedLM

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = MixedLM(y, x, groups=code).fit(reml=reml, method="bfgs")
        ratio = float(np.asarray(res.cov_re)[0, 0]) / float(res.scale)
        return np.array([np.sqrt(max(ratio, 0.0))]) if np.isfinite(ratio) else None
    except Exception:  # a failed start only costs the wider search in fit_theta
        return None


def _satterthwaite(cp: _reml.Crossprods, varpar: FloatArray, *, reml: bool) -> FloatArray:
    """lmerTest's df ``2(cᵀVc)²/(gᵀAg)`` per coefficient, ``A = 2H⁻¹`` from the deviance in (θ, σ)."""
    h = _reml.hessian(lambda vp: _reml.deviance_varpar(cp, vp, reml=reml), varpar)
    a = 2.0 * np.linalg.pinv(h)
    out = np.empty(cp.p)
    for i in range(cp.p):

        def var_i(vp: FloatArray, i: int = i) -> float:
            pr = _reml.profile(cp, np.abs(vp[:-1]))
            return float(vp[-1] ** 2 * np.linalg.inv(pr.xvx)[i, i])

        g = _reml.gradient(var_i, varpar)
        out[i] = 2.0 * var_i(varpar) ** 2 / float(g @ a @ g)
    return out
