"""Inter-rater agreement on categories: Cohen's kappa (unweighted and weighted), percent agreement."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from breakthrough.stats._types import FloatArray, Kappa
from breakthrough.stats._validation import (
    check_choice,
    check_counts,
    check_labels,
    check_level,
    is_missing,
    sort_labels,
)


def _numeric_table(a: list[Any], b: list[Any]) -> tuple[FloatArray, list[Any]] | None:
    """Vectorised table for numeric labels (sorted numerically); None when labels are not all numbers."""
    try:
        x = np.array([np.nan if is_missing(v) else v for v in a], dtype=np.float64)
        y = np.array([np.nan if is_missing(v) else v for v in b], dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if any(isinstance(v, str) for v in a[:1] + b[:1]):
        return None
    return _table_of_numbers(x, y)


def _table_of_numbers(x: FloatArray, y: FloatArray) -> tuple[FloatArray, list[Any]]:
    """The table of two float arrays of ratings (NaN = missing), categories sorted numerically."""
    keep = ~(np.isnan(x) | np.isnan(y))
    if not keep.any():
        raise ValueError("rater1: no item was rated by both raters")
    # Categories come from every rating, complete pair or not (psych: levels(as.factor(cbind(x1, x2)))).
    labels = np.unique(np.concatenate([x[~np.isnan(x)], y[~np.isnan(y)]]))
    n_cat = labels.size
    cx, cy = np.searchsorted(labels, x[keep]), np.searchsorted(labels, y[keep])
    table = np.bincount(cx * n_cat + cy, minlength=n_cat * n_cat).reshape(n_cat, n_cat)
    as_int = np.all(labels == np.round(labels))
    return table.astype(np.float64), [int(v) if as_int else float(v) for v in labels]


def _table(rater1: ArrayLike, rater2: ArrayLike, levels: ArrayLike | None) -> tuple[FloatArray, list[Any]]:
    if levels is None and _numeric_arrays(rater1, rater2):  # no per-label Python work for number arrays
        x, y = np.asarray(rater1, dtype=np.float64), np.asarray(rater2, dtype=np.float64)
        if x.ndim == 1 and y.ndim == 1 and x.size == y.size:
            return _table_of_numbers(x, y)
    a = check_labels(rater1, "rater1")
    b = check_labels(rater2, "rater2")
    if len(a) != len(b):
        raise ValueError(f"rater2: length {len(b)} differs from rater1's {len(a)}")
    if levels is None:
        fast = _numeric_table(a, b)
        if fast is not None:
            return fast
    pairs = [(u, v) for u, v in zip(a, b, strict=True) if not (is_missing(u) or is_missing(v))]
    if not pairs:
        raise ValueError("rater1: no item was rated by both raters")
    if levels is None:
        labels = sort_labels([u for u in a + b if not is_missing(u)], "rater1")
    else:
        labels = list(check_labels(levels, "levels"))
        for pos, (u, v) in enumerate(pairs):
            if u not in labels or v not in labels:
                raise ValueError(f"levels: rating pair {pos} ({u!r}, {v!r}) uses a label not in levels")
    index = {lab: i for i, lab in enumerate(labels)}
    table = np.zeros((len(labels), len(labels)))
    for u, v in pairs:
        table[index[u], index[v]] += 1
    return table, labels


def _numeric_arrays(*values: ArrayLike) -> bool:
    return all(isinstance(v, np.ndarray) and v.dtype.kind in "iuf" for v in values)


def _weights(weights: str | ArrayLike, n_cat: int) -> FloatArray:
    if isinstance(weights, str):
        check_choice(weights, "weights", ("quadratic", "linear"))
        i = np.arange(n_cat)
        power = 2 if weights == "quadratic" else 1
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(
                1.0 - np.abs(i[:, None] - i[None, :]) ** power / (n_cat - 1) ** power, dtype=np.float64
            )
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n_cat, n_cat):
        raise ValueError(f"weights: expected a {n_cat}×{n_cat} matrix, got shape {w.shape}")
    return w


def _fce_variance(p: FloatArray, w: FloatArray, n: float) -> float:
    """Fleiss, Cohen & Everitt (1969) large-sample variance of (weighted) kappa."""
    rs, cs = p.sum(axis=1), p.sum(axis=0)
    po, pe = np.float64((w * p).sum()), np.float64((w * np.outer(rs, cs)).sum())
    kw = (po - pe) / (1 - pe)
    wi = w @ cs  # w̄_i. = Σ_j p_.j w_ij
    wj = rs @ w  # w̄_.j = Σ_i p_i. w_ij
    term = (p * (w - (wi[:, None] + wj[None, :]) * (1 - kw)) ** 2).sum()
    return float((term - (kw - pe * (1 - kw)) ** 2) / (n * (1 - pe) ** 2))


def _psych_variance(p: FloatArray, w: FloatArray, n: float) -> float:
    """psych 2.2.9's weighted-kappa variance (not FCE for 3+ categories; it can be negative)."""
    rs, cs = p.sum(axis=1), p.sum(axis=0)
    po, pe = np.float64((w * p).sum()), np.float64((w * np.outer(rs, cs)).sum())
    colw = cs @ w
    roww = rs * w.sum(axis=1)
    term = (p * (w * (1 - pe) - (colw[:, None] + roww[None, :]) * (1 - po)) ** 2).sum()
    var = float((term - (po * pe - 2 * pe + po) ** 2) / (n * (1 - pe) ** 4))
    return var


def cohen_kappa(
    rater1: ArrayLike | None = None,
    rater2: ArrayLike | None = None,
    *,
    table: ArrayLike | None = None,
    levels: ArrayLike | None = None,
    weights: str | ArrayLike = "quadratic",
    ci: float = 0.95,
    variance: str = "fce",
) -> Kappa:
    """Cohen's kappa, unweighted and weighted, with large-sample confidence intervals.

    Parameters
    ----------
    rater1, rater2 : array_like
        The two raters' categories for the same items (numbers or text); a pair with a missing rating
        is dropped. Alternatively pass ``table``.
    table : array_like, shape (L, L), optional
        Counts, rows = rater 1, columns = rater 2.
    levels : array_like, optional
        The categories in order. By default the sorted distinct labels observed in either rater's
        ratings (numeric order for numbers, code-point order for text; as psych does, a label seen only
        in an incomplete pair still counts), so an unused category is left out: pass ``levels`` for
        ordinal scales.
    weights : {"quadratic", "linear"} or array_like
        Agreement weights ``1 − |i−j|^p/(L−1)^p`` by category index, or a matrix. A matrix with a zero
        diagonal is read as disagreement weights: ``κ_w = 1 − Σ w p_o / Σ w p_e``.
    ci : float
        Confidence level.
    variance : {"fce", "psych"}
        ``"fce"`` (default): Fleiss, Cohen & Everitt's variance for both kappas; each bound is
        clipped to [−1, 1]. ``"psych"``: ``psych::cohen.kappa``'s weighted variance, which differs
        for three or more categories and is set to 0 when negative; if any bound leaves [−1, 1],
        all bounds are clipped, as psych does.

    Returns
    -------
    Kappa
        ``κ = (p_o − p_e)/(1 − p_e)`` and the weighted ``κ_w``, variances, intervals, the
        proportion table ``agree``, the ``weights`` used and the percent agreement.

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educ. Psychol. Meas. 20, 37–46.
    Cohen, J. (1968). Weighted kappa. Psychological Bulletin 70, 213–220.
    Fleiss, J. L., Cohen, J., & Everitt, B. S. (1969). Large sample standard errors of kappa and
    weighted kappa. Psychological Bulletin 72, 323–327.
    Revelle, W. psych::cohen.kappa (R package, version 2.2.9).

    Examples
    --------
    >>> k = cohen_kappa(table=[[20, 5], [10, 15]])
    >>> round(k.kappa, 2), k.percent_agreement
    (0.4, 70.0)
    """
    check_choice(variance, "variance", ("fce", "psych"))
    level = check_level(ci)
    if table is not None:
        counts = check_counts(table, "table")
        if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
            raise ValueError(f"table: expected a square table, got shape {counts.shape}")
        labels = list(range(counts.shape[0])) if levels is None else list(check_labels(levels, "levels"))
    elif rater1 is None or rater2 is None:
        raise ValueError("rater1: give rater1 and rater2, or table")
    else:
        counts, labels = _table(rater1, rater2, levels)
    n = float(counts.sum())
    if n == 0:
        raise ValueError("table: no ratings")
    n_cat = counts.shape[0]
    p = counts / n
    w = _weights(weights, n_cat)
    rs, cs = p.sum(axis=1), p.sum(axis=0)
    eye = np.eye(n_cat)
    with np.errstate(invalid="ignore", divide="ignore"):
        po, pe = np.float64(np.trace(p)), np.float64(rs @ cs)
        kappa = (po - pe) / (1 - pe)
        wpo, wpe = np.float64((w * p).sum()), np.float64((w * np.outer(rs, cs)).sum())
        wkappa = (wpo - wpe) / (1 - wpe) if np.trace(w) > 0 else 1 - wpo / wpe
        var_k = _fce_variance(p, eye, n)
        # FCE is written for agreement weights; disagreement weights map to 1 − w/max(w) (same κ_w).
        w_agree = w if np.trace(w) > 0 else 1.0 - w / np.max(w)
        var_w = _fce_variance(p, w_agree, n) if variance == "fce" else _psych_variance(p, w, n)
        if variance == "psych":  # psych flags a negative or undefined variance ("bad") and uses 0
            var_k, var_w = (v if v >= 0 else 0.0 for v in (var_k, var_w))
        z = stats.norm.ppf(1 - (1 - level) / 2)
        bounds = np.array(
            [
                [kappa - z * np.sqrt(var_k), kappa + z * np.sqrt(var_k)],
                [wkappa - z * np.sqrt(var_w), wkappa + z * np.sqrt(var_w)],
            ]
        )
    if variance == "psych":
        if np.any(np.abs(bounds) > 1):
            bounds = np.clip(bounds, -1.0, 1.0)
    else:
        bounds = np.clip(bounds, -1.0, 1.0)
    return Kappa(
        kappa=float(kappa),
        weighted_kappa=float(wkappa),
        var_kappa=var_k,
        var_weighted=var_w,
        kappa_ci=(float(bounds[0, 0]), float(bounds[0, 1])),
        weighted_ci=(float(bounds[1, 0]), float(bounds[1, 1])),
        n_obs=int(n),
        levels=tuple(labels),
        agree=p,
        weights=w,
        percent_agreement=float(100.0 * po),
    )


def percent_agreement(rater1: ArrayLike, rater2: ArrayLike) -> float:
    """Percentage of items (rated by both) on which two raters chose the same category.

    Parameters
    ----------
    rater1, rater2 : array_like
        Categories for the same items; pairs with a missing rating are dropped.

    Returns
    -------
    float
        ``100 · (number of exact agreements) / (number of complete pairs)``.

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educ. Psychol. Meas. 20, 37–46
    (``p_o``, the observed proportion of agreement).

    Examples
    --------
    >>> percent_agreement([1, 2, 3, 3], [1, 2, 2, None])
    66.66666666666667
    """
    counts, _ = _table(rater1, rater2, None)
    return float(100.0 * np.trace(counts) / counts.sum())
