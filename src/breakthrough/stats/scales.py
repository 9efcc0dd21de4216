"""Scale scores: reverse keying, mean or sum scoring, imputation and the minimum-answered rule."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from breakthrough.stats._moments import moments
from breakthrough.stats._types import FloatArray, ScaleScores
from breakthrough.stats._validation import check_choice, check_keys, check_matrix, refuse_inf


def reverse_items(items: ArrayLike, keys: ArrayLike, *, scale_min: float, scale_max: float) -> FloatArray:
    """Reverse the items keyed −1: ``x' = (scale_min + scale_max) − x``.

    Parameters
    ----------
    items : array_like, shape (n_respondents, n_items)
        Responses; NaN is missing.
    keys : array_like of {1, -1}
        −1 marks a reverse-keyed item.
    scale_min, scale_max : float
        The response scale's range (not the observed range).

    Returns
    -------
    ndarray
        The keyed responses.

    References
    ----------
    Revelle, W. psych::reverse.code and psych::scoreItems (R package, version 2.2.9).

    Examples
    --------
    >>> reverse_items([[1, 5], [2, 4]], [1, -1], scale_min=1, scale_max=5).tolist()
    [[1.0, 1.0], [2.0, 2.0]]
    """
    x = check_matrix(items, "items")
    k = check_keys(keys, x.shape[1])
    _check_range(x, scale_min, scale_max)
    return np.where(k < 0, scale_min + scale_max - x, x)


def _check_range(x: FloatArray, lo: float, hi: float) -> None:
    if not lo < hi:
        raise ValueError(f"scale_min: {lo!r} must be below scale_max {hi!r}")
    if x.size and (np.fmin.reduce(x, axis=None) < lo or np.fmax.reduce(x, axis=None) > hi):
        r, c = np.argwhere((x < lo) | (x > hi))[0]
        raise ValueError(f"items: value {x[r, c]!r} at row {r}, column {c} is outside [{lo}, {hi}]")


def scale_scores(
    items: ArrayLike,
    keys: ArrayLike | None = None,
    *,
    scale_min: float | str | None = None,
    scale_max: float | str | None = None,
    scoring: str = "mean",
    min_answered: int | None = None,
    impute: str = "none",
    drop_constant: bool = False,
) -> ScaleScores:
    """Score respondents on one scale.

    Parameters
    ----------
    items : array_like, shape (n_respondents, n_items)
        Responses; NaN is missing.
    keys : array_like of {1, -1}, optional
        −1 marks a reverse-keyed item.
    scale_min, scale_max : float or "observed", optional
        The response scale's range, required when any item is reverse-keyed. ``"observed"`` uses the
        observed minimum/maximum over all items, as ``psych::scoreItems`` does when not given them
        (not recommended: the reversal then depends on the sample).
    scoring : {"mean", "sum"}
        Mean of the answered keyed items, or their sum (a missing item counts 0, as in psych).
    min_answered : int, optional
        A respondent who answered fewer items gets NaN. Without it (psych's behaviour) a respondent
        with no answers gets NaN for the mean but 0 for the sum; set ``min_answered=1`` for NaN.
    impute : {"none", "median", "mean"}
        Replace each missing response with that item's median (mean) of the raw responses before
        scoring, as ``psych::scoreItems(impute = ...)`` does.
    drop_constant : bool
        Leave out items with zero variance (psych's behaviour), both from the scores and from alpha.

    Returns
    -------
    ScaleScores
        ``scores``, the number answered per respondent, Cronbach's alpha of the keyed items
        ``(V_s − tr C)/V_s · k/(k−1)`` (pairwise covariances, or those of the imputed data) and the
        average inter-item correlation ``α/(k − α(k−1))``. Alpha is computed when first read, so
        scoring alone does not pay for the covariance matrix.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. Psychometrika 16, 297–334.
    Revelle, W. psych::scoreItems (R package, version 2.2.9).

    Examples
    --------
    >>> s = scale_scores([[1, 5, 4], [2, 4, 4], [5, 1, 2]], [1, -1, 1], scale_min=1, scale_max=5)
    >>> s.scores.round(3).tolist()
    [2.0, 2.667, 4.0]
    """
    check_choice(scoring, "scoring", ("mean", "sum"))
    check_choice(impute, "impute", ("none", "median", "mean"))
    x = check_matrix(items, "items", min_cols=1, finite=False)
    k = check_keys(keys, x.shape[1])
    raw = _row_pass(x, k)  # also refuses ±inf
    if min_answered is not None and not 1 <= min_answered <= x.shape[1]:
        raise ValueError(f"min_answered: must be between 1 and {x.shape[1]}, got {min_answered!r}")
    answered = (x.shape[1] - raw.missing).astype(np.int64)
    keep = np.arange(x.shape[1])
    rows = raw
    if impute != "none":
        miss = np.isnan(x)
        fill = np.nanmedian(x, axis=0) if impute == "median" else np.nanmean(x, axis=0)
        x = np.where(miss, fill[None, :], x)
    if drop_constant:
        sd = np.nan_to_num(np.diag(moments(x).cov()), nan=0.0)
        keep = np.flatnonzero(sd > 0)
        if keep.size == 0:
            raise ValueError("items: every item is constant")
        if keep.size < x.shape[1]:
            x, k = x[:, keep], k[keep]
    if impute != "none" or keep.size < raw.n_items:
        rows = _row_pass(x, k)
    total = rows.total
    if (k < 0).any():
        if scale_min is None or scale_max is None:
            raise ValueError("scale_min: the scale range is required when an item is reverse-keyed")
        lo = rows.low if scale_min == "observed" else float(scale_min)
        hi = rows.high if scale_max == "observed" else float(scale_max)
        if not lo < hi:
            raise ValueError(f"scale_min: {lo!r} must be below scale_max {hi!r}")
        if rows.low < lo or rows.high > hi:
            _check_range(x, lo, hi)
        # A reversed item counts (lo + hi) − x: add (lo + hi) per answered reversed item.
        total = total + (lo + hi) * (np.count_nonzero(k < 0) - rows.missing_reversed)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = total if scoring == "sum" else total / (x.shape[1] - rows.missing)
    if min_answered is not None:
        scores = np.where(answered < min_answered, np.nan, scores)
    keyed, signs = x, k
    return ScaleScores(
        scores, answered, int(keep.size), keep.astype(np.int64), lambda: _scale_alpha(keyed, signs)
    )


_BLOCK_CELLS = 1 << 15  # values per block of rows: the block's temporaries stay in the CPU cache


@dataclass(frozen=True)
class _Rows:
    """One pass over the responses: per row the signed sum ``Σ k_j·x_j`` of the answered items and the
    numbers of missing items and of missing reverse-keyed items; the smallest and largest value."""

    total: FloatArray
    missing: FloatArray
    missing_reversed: FloatArray
    low: float
    high: float
    n_items: int


def _row_pass(x: FloatArray, k: FloatArray) -> _Rows:
    """:class:`_Rows` of ``x``, block by block of rows (refuses ±inf, met on the way)."""
    n, m = x.shape
    total, missing, missing_rev = np.empty(n), np.empty(n), np.zeros(n)
    rev = np.flatnonzero(k < 0)
    low, high = np.inf, -np.inf
    step = max(1, _BLOCK_CELLS // max(m, 1))
    for start in range(0, n, step):
        xb = x[start : start + step]
        nan = np.isnan(xb)
        low = min(low, float(np.fmin.reduce(xb, axis=None)))
        high = max(high, float(np.fmax.reduce(xb, axis=None)))
        stop = start + xb.shape[0]
        missing[start:stop] = np.einsum("ij->i", nan.view(np.uint8), dtype=np.intp)
        if rev.size:
            missing_rev[start:stop] = np.count_nonzero(nan[:, rev], axis=1)
        total[start:stop] = np.einsum("ij,j->i", np.where(nan, 0.0, xb), k)
    if low == -np.inf or high == np.inf:
        refuse_inf(x, "items")
    if low == np.inf:  # every value missing
        low = high = float("nan")
    return _Rows(total, missing, missing_rev, low, high, m)


def _scale_alpha(x: FloatArray, keys: FloatArray) -> tuple[float, float]:
    n_items = x.shape[1]
    if n_items < 2:
        return float("nan"), float("nan")
    c = moments(x).cov() * np.outer(keys, keys)
    v = c.sum()
    with np.errstate(invalid="ignore", divide="ignore"):  # constant items: alpha undefined (NaN)
        alpha = (v - np.trace(c)) / v * n_items / (n_items - 1)
        av_r = alpha / (n_items - alpha * (n_items - 1))
    return float(alpha), float(av_r)
