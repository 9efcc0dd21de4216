"""Linear mixed models with independent random intercepts, fitted as lme4 does.

The profiled (RE)ML deviance of ``y = Xβ + Zb + e`` with ``b ~ N(0, σ²ΛΛᵀ)``, ``Λ`` diagonal with one
relative standard deviation θ per random-effect term, is evaluated through the q×q Cholesky factor of
``ΛZᵀZΛ + I`` (Bates, Mächler, Bolker & Walker 2015, eqs. 33–42), so it costs O(q³) per call whatever the
number of observations. Private: used by :func:`~breakthrough.stats.icc` (psych's lmer path) and
:func:`~breakthrough.stats.did_mixed`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import linalg, optimize

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Crossprods:
    """The cross-products a fit needs; ``term`` gives each Z column's random-effect term."""

    xtx: Array
    xty: Array
    yty: float
    ztz: Array
    ztx: Array
    zty: Array
    term: NDArray[np.int64]
    n: int
    p: int


def crossprods(x: Array, y: Array, z: Array, term: NDArray[np.int64]) -> Crossprods:
    """Precompute ``XᵀX, Xᵀy, yᵀy, ZᵀZ, ZᵀX, Zᵀy``."""
    return Crossprods(x.T @ x, x.T @ y, float(y @ y), z.T @ z, z.T @ x, z.T @ y, term, y.size, x.shape[1])


@dataclass(frozen=True)
class Profile:
    """Quantities at one θ (σ profiled out)."""

    logdet_v: float
    xvx: Array
    beta: Array
    pwrss: float


def profile(cp: Crossprods, theta: Array) -> Profile:
    """β̂(θ), the penalized residual sum of squares and the log-determinants at θ."""
    lam = np.asarray(theta, dtype=np.float64)[cp.term]
    m = lam[:, None] * cp.ztz * lam[None, :] + np.eye(lam.size)
    chol = linalg.cho_factor(m, lower=True)
    logdet_v = 2.0 * float(np.sum(np.log(np.diag(chol[0]))))
    lzx = lam[:, None] * cp.ztx
    lzy = lam * cp.zty
    xvx = cp.xtx - lzx.T @ linalg.cho_solve(chol, lzx)
    xvy = cp.xty - lzx.T @ linalg.cho_solve(chol, lzy)
    yvy = cp.yty - float(lzy @ linalg.cho_solve(chol, lzy))
    beta = linalg.solve(xvx, xvy, assume_a="pos")
    pwrss = max(yvy - float(beta @ xvy), 0.0)
    return Profile(logdet_v, xvx, beta, pwrss)


def deviance(cp: Crossprods, theta: Array, *, reml: bool) -> float:
    """lme4's profiled deviance (REML criterion when ``reml``)."""
    pr = profile(cp, theta)
    if reml:
        dof = cp.n - cp.p
        logdet_x = float(np.linalg.slogdet(pr.xvx)[1])
        return float(pr.logdet_v + logdet_x + dof * (1.0 + np.log(2.0 * np.pi * pr.pwrss / dof)))
    return float(pr.logdet_v + cp.n * (1.0 + np.log(2.0 * np.pi * pr.pwrss / cp.n)))


def deviance_varpar(cp: Crossprods, varpar: Array, *, reml: bool) -> float:
    """Deviance at (θ, σ) without profiling σ: lmerTest's ``devfun_vp``."""
    theta, sigma2 = varpar[:-1], varpar[-1] ** 2
    pr = profile(cp, np.abs(theta))
    dev = pr.logdet_v + pr.pwrss / sigma2 + cp.n * np.log(2.0 * np.pi * sigma2)
    if reml:
        dev += float(np.linalg.slogdet(pr.xvx)[1]) - cp.p * np.log(2.0 * np.pi * sigma2)
    return float(dev)


def sigma2_hat(cp: Crossprods, pr: Profile, *, reml: bool) -> float:
    """The profiled residual variance."""
    return pr.pwrss / (cp.n - cp.p if reml else cp.n)


def fit_theta(cp: Crossprods, n_terms: int, *, reml: bool, start: Array | None = None) -> Array:
    """Minimise the profiled deviance over θ ≥ 0 (bounded Brent for one term, L-BFGS-B otherwise)."""

    def f(t: Array) -> float:
        return deviance(cp, np.abs(np.atleast_1d(t)), reml=reml)

    if n_terms == 1:
        hi = 10.0 if start is None else max(10.0, 4.0 * float(start[0]))
        grid = np.concatenate([[0.0], np.geomspace(1e-3, hi, 40)])
        vals = [f(np.array([g])) for g in grid]
        i = int(np.argmin(vals))
        while i == grid.size - 1 and grid[-1] < 1e6:  # the minimum lies beyond the grid: extend it
            more = np.geomspace(grid[-1], grid[-1] * 100, 20)[1:]
            grid = np.concatenate([grid, more])
            vals += [f(np.array([g])) for g in more]
            i = int(np.argmin(vals))
        lo_b, hi_b = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
        if lo_b == hi_b:
            return np.array([grid[i]])
        res = optimize.minimize_scalar(
            lambda t: f(np.array([t])), bounds=(lo_b, hi_b), method="bounded", options={"xatol": 1e-12}
        )
        best = float(res.x) if res.fun <= vals[i] else float(grid[i])
        if f(np.array([0.0])) <= f(np.array([best])):
            return np.array([0.0])
        return np.array([_newton_polish(lambda t: f(np.array([t])), best)])
    x0 = np.ones(n_terms) if start is None else np.asarray(start, dtype=np.float64)
    res = optimize.minimize(
        f, x0, method="L-BFGS-B", bounds=[(0.0, None)] * n_terms, options={"ftol": 1e-15, "gtol": 1e-10}
    )
    res = optimize.minimize(f, res.x, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-13})
    return np.abs(np.asarray(res.x, dtype=np.float64))


def _newton_polish(f: Callable[[float], float], t: float, steps: int = 3) -> float:
    """A few Newton steps on f' (central differences) past Brent's √eps limit on a flat minimum."""
    for _ in range(steps):
        h = 1e-4 * max(t, 1e-3)
        f0, fp, fm = f(t), f(t + h), f(t - h)
        d1, d2 = (fp - fm) / (2 * h), (fp - 2 * f0 + fm) / h**2
        if not d2 > 0:
            break
        t_new = t - d1 / d2
        if not (t_new > 0 and abs(t_new - t) < 1e-3 * t):  # only a local polish
            break
        t = t_new
    return t


def hessian(f: Callable[[Array], float], x: Array, h: float = 0.02) -> Array:
    """Central-difference Hessian, Richardson-extrapolated over four halvings of the step."""

    def at(step: float) -> Array:
        k = x.size
        out = np.empty((k, k))
        for i in range(k):
            for j in range(i, k):
                ei = np.zeros(k)
                ej = np.zeros(k)
                ei[i] = step * _scale(x[i])
                ej[j] = step * _scale(x[j])
                val = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (
                    4.0 * ei[i] * ej[j]
                )
                out[i, j] = out[j, i] = val
        return out

    return _richardson(at, h)


def _scale(v: float) -> float:
    """Steps relative to the parameter (so θ > 0 is never stepped across 0), absolute at 0."""
    return abs(v) if abs(v) > 1e-3 else 1.0


def _richardson(at: Callable[[float], Array], h: float, levels: int = 4) -> Array:
    """Neville extrapolation of central differences at h, h/2, h/4, … (errors in h², h⁴, …)."""
    table = [at(h / 2.0**i) for i in range(levels)]
    for m in range(1, levels):
        factor = 4.0**m
        table = [(factor * table[i + 1] - table[i]) / (factor - 1.0) for i in range(len(table) - 1)]
    return np.asarray(table[0], dtype=np.float64)


def gradient(f: Callable[[Array], float], x: Array, h: float = 0.02) -> Array:
    """Central-difference gradient, Richardson-extrapolated over four halvings of the step."""

    def at(step: float) -> Array:
        out = np.empty(x.size)
        for i in range(x.size):
            e = np.zeros(x.size)
            e[i] = step * _scale(x[i])
            out[i] = (f(x + e) - f(x - e)) / (2.0 * e[i])
        return out

    return _richardson(at, h)
