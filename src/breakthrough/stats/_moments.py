"""Pairwise-complete covariances by matrix products (what R's ``cov(use = "pairwise")`` computes)."""

from __future__ import annotations

import numpy as np

from breakthrough.stats._types import FloatArray


def _column_means(x: FloatArray) -> FloatArray:
    """Means of the present values; 0 for an empty column (any centre will do: it only reduces rounding)."""
    count = np.sum(~np.isnan(x), axis=0)
    return np.where(count > 0, np.nansum(x, axis=0) / np.maximum(count, 1), 0.0)


def pairwise_cov(x: FloatArray) -> FloatArray:
    """Covariance of each pair of columns over the rows where both are present (ddof 1).

    Each pair uses its own complete rows and its own means, as R's ``cov(x, use = "pairwise")`` and
    pandas' ``DataFrame.cov()`` do. Columns are centred first (covariance is shift-invariant), so the
    one-pass products lose no precision; cost O(n·k²) in three BLAS products.
    """
    mask = ~np.isnan(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = _column_means(x)
        z = np.where(mask, x - np.nan_to_num(centre), 0.0)
        m = mask.astype(np.float64)
        n = m.T @ m
        s = z.T @ m  # s[i, j] = Σ over rows where j is present of z_i (z_i is 0 where i is missing)
        cov = (z.T @ z - s * s.T / n) / (n - 1)
    return np.where(n > 1, cov, np.nan)


def pairwise_cor(x: FloatArray) -> FloatArray:
    """Correlations over pairwise-complete rows, each pair with its own means and SDs (R's ``cor``)."""
    mask = ~np.isnan(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = _column_means(x)
        z = np.where(mask, x - np.nan_to_num(centre), 0.0)
        m = mask.astype(np.float64)
        n = m.T @ m
        s = z.T @ m
        cross = z.T @ z - s * s.T / n
        var = (z * z).T @ m - s * s / n  # var[i, j]: column i over the rows where j is present too
        return cross / np.sqrt(var * var.T)
