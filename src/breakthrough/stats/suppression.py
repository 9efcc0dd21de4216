"""Small-cell suppression of count tables, with complementary suppression."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from breakthrough.stats._types import BoolArray, FloatArray, Suppressed
from breakthrough.stats._validation import check_choice, check_counts


def _constraints(shape: tuple[int, int], margins: str) -> FloatArray:
    """Rows: the published totals as 0/1 combinations of the cells (row-major)."""
    n_rows, n_cols = shape
    rows = []
    if margins in ("both", "rows"):
        for i in range(n_rows):
            m = np.zeros(shape)
            m[i, :] = 1
            rows.append(m.ravel())
    if margins in ("both", "columns"):
        for j in range(n_cols):
            m = np.zeros(shape)
            m[:, j] = 1
            rows.append(m.ravel())
    return np.array(rows) if rows else np.zeros((0, n_rows * n_cols))


def disclosed_cells(hidden: ArrayLike, *, margins: str = "both") -> BoolArray:
    """Hidden cells whose value follows exactly from the visible cells and the published totals.

    A hidden cell is determined when its unit vector lies in the row space of the totals restricted
    to the hidden cells, i.e. when leaving it out lowers that matrix's rank.

    Parameters
    ----------
    hidden : array_like of bool, shape (n_rows, n_cols) or (n_cells,)
        The cells not shown.
    margins : {"both", "rows", "columns", "none"}
        Which totals are published (a 1-D table is one row: use "rows").

    Returns
    -------
    ndarray of bool
        True where a hidden cell can be recovered.

    References
    ----------
    Willenborg, L., & de Waal, T. (2001). Elements of Statistical Disclosure Control, ch. 6. Springer.

    Examples
    --------
    >>> disclosed_cells([[True, False], [False, False]]).tolist()
    [[True, False], [False, False]]
    """
    check_choice(margins, "margins", ("both", "rows", "columns", "none"))
    h = np.asarray(hidden, dtype=bool)
    h2 = np.atleast_2d(h)
    a = _constraints(h2.shape, margins)[:, h2.ravel()]
    out = np.zeros(h2.size, dtype=bool)
    if a.size:
        full = np.linalg.matrix_rank(a)
        idx = np.flatnonzero(h2.ravel())
        for col, cell in enumerate(idx):
            out[cell] = np.linalg.matrix_rank(np.delete(a, col, axis=1)) < full
    return out.reshape(h.shape)


def suppress_small_cells(
    counts: ArrayLike, *, threshold: int = 5, margins: str = "both", suppress_zero: bool = False
) -> Suppressed:
    """Hide counts below ``threshold`` and enough other cells that none can be recovered.

    Primary suppression hides every count with ``0 < count < threshold`` (zeros too with
    ``suppress_zero``). Complementary suppression then hides, one at a time, the smallest visible
    cell in the row or column of a recoverable hidden cell (preferring a cell that makes it
    unrecoverable, and non-zero cells over zeros) until :func:`disclosed_cells` finds none.

    Parameters
    ----------
    counts : array_like, shape (n_rows, n_cols) or (n_cells,)
        Non-negative whole counts. A 1-D array is one row.
    threshold : int
        The smallest count that may be shown (default 5).
    margins : {"both", "rows", "columns", "none"}
        Which totals are published next to the table.
    suppress_zero : bool
        Whether a zero count is itself sensitive.

    Returns
    -------
    Suppressed
        ``values`` (float, NaN where hidden), the ``primary`` and ``complementary`` masks. When no
        pattern of hidden cells can protect a small cell (a single row or column with both margins
        published, where the column totals are the cells), every cell is hidden and the caller must
        withhold the totals too.

    References
    ----------
    Cox, L. H. (1980). Suppression methodology and statistical disclosure control. JASA 75, 377–385.
    Willenborg, L., & de Waal, T. (2001). Elements of Statistical Disclosure Control. Springer.

    Examples
    --------
    >>> s = suppress_small_cells([[12, 3, 20], [15, 9, 30]])
    >>> s.primary.sum(), s.complementary.sum()
    (np.int64(1), np.int64(3))
    """
    check_choice(margins, "margins", ("both", "rows", "columns", "none"))
    if int(threshold) != threshold or threshold < 1:
        raise ValueError(f"threshold: must be a positive whole number, got {threshold!r}")
    c = check_counts(counts)
    c2 = np.atleast_2d(c)
    primary = (c2 < threshold) & ((c2 > 0) | suppress_zero)
    hidden = primary.copy()
    while True:
        exposed = np.argwhere(disclosed_cells(hidden, margins=margins))
        if exposed.size == 0 or hidden.all():  # all hidden: only withholding the totals helps
            break
        hidden[_complement(c2, hidden, tuple(exposed[0]), margins)] = True
    comp = hidden & ~primary
    values = np.where(hidden, np.nan, c2)
    shape = c.shape
    return Suppressed(values.reshape(shape), primary.reshape(shape), comp.reshape(shape))


def _complement(c: FloatArray, hidden: BoolArray, cell: tuple[int, int], margins: str) -> tuple[int, int]:
    """The cell to hide next so that ``cell`` gets protected."""
    r, col = cell
    line = [(r, j) for j in range(c.shape[1])] if margins != "columns" else []
    line += [(i, col) for i in range(c.shape[0])] if margins != "rows" else []
    cands = sorted({x for x in line if not hidden[x]}, key=lambda x: (c[x] == 0, c[x], x))
    if not cands:  # the row/column is all hidden already; widen to the whole table
        cands = sorted(map(tuple, np.argwhere(~hidden)), key=lambda x: (c[x] == 0, c[x], x))
    for cand in cands:
        trial = hidden.copy()
        trial[cand] = True
        if not disclosed_cells(trial, margins=margins)[cell]:
            return cand
    return cands[0]
