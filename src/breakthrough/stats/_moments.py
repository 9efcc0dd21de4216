"""Pairwise-complete moments by matrix products (what R's ``cov(use = "pairwise")`` computes).

One pass builds the centred, 0-filled data ``z`` and its products; every pair ``(i, j)`` then gets its own
complete rows, means and count from three k×k matrices:

* ``zz = zᵀz`` (one BLAS ``syrk``),
* ``Q = uᵀz`` and ``uu = uᵀu`` for the missing-value indicator ``u`` (sparse products when few values are
  missing, dense ones otherwise; zero when nothing is missing),

so that ``n_ij = N − u_i − u_j + uu_ij``, ``Σ_{j present} z_i = S_i − Q_ji`` and
``cov_ij = (zz_ij − s_ij s_ji / n_ij) / (n_ij − 1)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from breakthrough.stats._types import BoolArray, FloatArray

_SAMPLE_ROWS = 256  # rows whose means centre the data (any centre will do; near the mean it keeps precision)
_SPARSE_MIN_CELLS = 100_000  # below this, dense products cost less than building a sparse matrix
_SPARSE_MAX_MISSING = 0.1  # above this fraction missing, dense products are the cheaper way


@dataclass(frozen=True)
class Moments:
    """Pairwise-complete sums of one data matrix (``k`` columns, ``N`` rows)."""

    z: FloatArray  # centred data, 0 where missing
    missing: BoolArray  # True where missing
    centre: FloatArray  # the value subtracted from each column
    count: FloatArray  # present values per column
    n: FloatArray  # k×k: rows where both columns are present
    s: FloatArray  # k×k: s[i, j] = Σ over rows where j is present of z_i
    zz: FloatArray  # k×k: zᵀz
    u_sparse: sparse.csr_matrix | None  # the missing indicator, when it was built sparse

    def cov(self) -> FloatArray:
        """Pairwise-complete covariances (ddof 1); NaN where a pair shares fewer than two rows."""
        n = self.n
        with np.errstate(invalid="ignore", divide="ignore"):
            cov = (self.zz - self.s * self.s.T / n) / (n - 1)
        return np.where(n > 1, cov, np.nan)

    def means(self) -> FloatArray:
        """Means of the present values of each column (NaN for an empty column)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.centre + np.diag(self.s) / self.count

    def missing_dot(self, w: FloatArray) -> FloatArray:
        """``u @ w``: for each row, the sum of ``w`` over its missing columns."""
        if self.u_sparse is not None:
            return np.asarray(self.u_sparse @ w, dtype=np.float64)
        if not self.missing.any():
            return np.zeros(self.z.shape[0])
        return np.asarray(self.missing.astype(np.float64) @ w, dtype=np.float64)

    def present_dot(self, v: FloatArray) -> FloatArray:
        """``mᵀ v`` for the present-value indicator ``m``: per column, ``v`` summed over its present rows."""
        total = np.full(self.z.shape[1], v.sum())
        if self.u_sparse is not None:
            return np.asarray(total - self.u_sparse.T @ v, dtype=np.float64)
        if not self.missing.any():
            return total
        return np.asarray(total - v @ self.missing.astype(np.float64), dtype=np.float64)


def _centre(x: FloatArray) -> FloatArray:
    """A present value of each column near the mean of its first rows (0 for an empty column).

    Any centre gives the same covariances; one near the mean keeps the products precise, and a value of
    the column itself makes a constant column exactly 0 after centring (and integer data stay integers).
    """
    head = x[:_SAMPLE_ROWS]
    with np.errstate(invalid="ignore", divide="ignore"):
        present = ~np.isnan(head)
        mean = np.where(present, head, 0.0).sum(axis=0) / present.sum(axis=0)
        near = np.where(present, np.abs(head - mean), np.inf)
    c: FloatArray = np.take_along_axis(head, near.argmin(axis=0)[None, :], axis=0)[0]
    empty = np.flatnonzero(np.isnan(c))
    for j in empty:  # nothing in the first rows: the column's first present value, if any
        col = x[:, j]
        found = np.flatnonzero(~np.isnan(col))
        c[j] = col[found[0]] if found.size else 0.0
    return c


def moments(x: FloatArray, missing: BoolArray | None = None) -> Moments:
    """The pairwise-complete sums of ``x`` (NaN is missing); ``missing`` is ``np.isnan(x)`` if known."""
    rows, k = x.shape
    miss = np.isnan(x) if missing is None else missing
    c = _centre(x)
    z = x - c
    n_missing = int(np.count_nonzero(miss))
    ones = np.ones(rows)
    u_sparse = None
    if n_missing == 0:
        zz = z.T @ z
        total = ones @ z
        n = np.full((k, k), float(rows))
        s = np.repeat(total[:, None], k, axis=1)
        return Moments(z, miss, c, np.full(k, float(rows)), n, s, zz, None)
    np.putmask(z, miss, 0.0)
    zz = z.T @ z
    total = ones @ z
    if x.size >= _SPARSE_MIN_CELLS and n_missing <= _SPARSE_MAX_MISSING * x.size:
        flat = np.flatnonzero(miss)
        per_row = np.bincount(flat // k, minlength=rows)
        indptr = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(per_row, out=indptr[1:])
        u_sparse = sparse.csr_matrix((np.ones(flat.size), flat % k, indptr), shape=(rows, k))
        ut = u_sparse.T
        q = np.asarray(ut @ z, dtype=np.float64)
        uu = np.asarray((ut @ u_sparse).toarray(), dtype=np.float64)
    else:
        u = miss.astype(np.float64)
        q = u.T @ z
        uu = u.T @ u
    miss_col = np.diag(uu).copy()
    n = rows - miss_col[:, None] - miss_col[None, :] + uu
    s = total[:, None] - q.T
    return Moments(z, miss, c, rows - miss_col, n, s, zz, u_sparse)


def pairwise_cov(x: FloatArray) -> FloatArray:
    """Covariance of each pair of columns over the rows where both are present (ddof 1).

    Each pair uses its own complete rows and its own means, as R's ``cov(x, use = "pairwise")`` and
    pandas' ``DataFrame.cov()`` do. Columns are centred first (covariance is shift-invariant), so the
    one-pass products lose no precision; cost O(n·k²) in one BLAS product plus the missing values'.
    """
    return moments(x).cov()


def pairwise_cor(x: FloatArray) -> FloatArray:
    """Correlations over pairwise-complete rows, each pair with its own means and SDs (R's ``cor``)."""
    mask = ~np.isnan(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = _centre(x)
        z = np.where(mask, x - np.nan_to_num(centre), 0.0)
        m = mask.astype(np.float64)
        n = m.T @ m
        s = z.T @ m
        cross = z.T @ z - s * s.T / n
        var = (z * z).T @ m - s * s / n  # var[i, j]: column i over the rows where j is present too
        return cross / np.sqrt(var * var.T)
