"""Small-cell suppression of count tables, with complementary suppression.

``suppress_small_cells`` hides the cells of a table whose totals are always published; ``suppress_table``
decides on the totals too (a small total is hidden, and a total that would give a hidden cell away is hidden
or another cell is), and is the one path of the figures the dashboards and their reports show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

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


@dataclass(frozen=True)
class SuppressedTable:
    """A count table and the totals published beside it, after small-cell and complementary suppression.

    ``values`` are the cells (NaN where hidden or not published); ``row_totals`` and ``column_totals`` the
    published totals (NaN where hidden, all NaN where not published). The masks say why a figure is hidden:
    ``primary`` (a small count), ``complementary`` (hidden so that no small count can be worked out).
    """

    values: FloatArray
    primary: BoolArray
    complementary: BoolArray
    row_totals: FloatArray
    row_total_primary: BoolArray
    row_total_complementary: BoolArray
    column_totals: FloatArray
    column_total_primary: BoolArray
    column_total_complementary: BoolArray

    @property
    def hidden(self) -> BoolArray:
        """Cells not shown (small, complementary, or never published)."""
        return np.isnan(self.values)

    @property
    def row_total_hidden(self) -> BoolArray:
        return np.isnan(self.row_totals)

    @property
    def column_total_hidden(self) -> BoolArray:
        return np.isnan(self.column_totals)

    def shown(self) -> list[list[Any]]:
        """The cells as whole numbers, None where hidden: what a reader is shown."""
        return [_plain(row) for row in self.values]

    def shown_row_totals(self) -> list[Any]:
        return _plain(self.row_totals)

    def shown_column_totals(self) -> list[Any]:
        return _plain(self.column_totals)

    def shown_row_shares(self) -> list[list[Any]]:
        """The row shares as whole percentages (rounded half to even), None where hidden."""
        return [[None if v != v else round(v) for v in row.tolist()] for row in self.row_shares]

    @property
    def row_shares(self) -> FloatArray:
        """Each cell as a percentage of its row's total, NaN unless both are shown (a share of a hidden
        cell, or of a hidden total, would give it away)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            share = 100 * self.values / self.row_totals[:, None]
        return np.where(self.row_totals[:, None] > 0, share, np.nan)


def _table_constraints(shape: tuple[int, int], totals: str) -> tuple[FloatArray, int, int]:
    """The identities between cells and published totals, as rows of a matrix over the variables
    (cells row-major, then the row totals, then the column totals): total − Σ cells = 0."""
    n_rows, n_cols = shape
    n_r = n_rows if totals in ("rows", "both") else 0
    n_c = n_cols if totals in ("columns", "both") else 0
    a = np.zeros((n_r + n_c, n_rows * n_cols + n_r + n_c))
    cells = np.arange(n_rows * n_cols).reshape(shape)
    for i in range(n_r):
        a[i, cells[i, :]] = -1
        a[i, n_rows * n_cols + i] = 1
    for j in range(n_c):
        a[n_r + j, cells[:, j]] = -1
        a[n_r + j, n_rows * n_cols + n_r + j] = 1
    return a, n_r, n_c


def _determined(a: FloatArray, hidden: BoolArray) -> BoolArray:
    """Hidden variables whose value follows from the shown ones through the identities ``a x = 0``.

    A hidden variable is determined when every solution of the identities with the shown variables fixed
    agrees on it: its coordinate is zero in every vector of the null space of ``a`` restricted to the
    hidden variables.
    """
    out = np.zeros(hidden.size, dtype=bool)
    idx = np.flatnonzero(hidden)
    if idx.size == 0:
        return out
    sub = a[:, idx]
    if sub.shape[0] == 0:
        return out
    _u, s, vt = np.linalg.svd(sub, full_matrices=True)
    rank = int((s > 1e-9 * max(1.0, s.max(initial=0.0))).sum())
    null = vt[rank:].T  # columns span the free directions of the hidden variables
    out[idx] = np.all(np.abs(null) < 1e-9, axis=1) if null.size else True
    return out


def suppress_table(
    counts: ArrayLike,
    *,
    threshold: int = 5,
    totals: str = "rows",
    published: ArrayLike | None = None,
    suppress_zero: bool = False,
) -> SuppressedTable:
    """Hide small counts of a table and of its totals, and whatever would give them away.

    Every figure a reader sees is a cell or a total. Primary suppression hides each published cell and
    each total with ``0 < count < threshold`` (zeros too with ``suppress_zero``). Complementary suppression
    then hides, one at a time, the smallest shown figure linked to a small count that the shown figures
    still determine (through "a total is the sum of its cells"), preferring cells to totals and non-zero
    cells to zeros, until none is determined. Shares (``row_shares``) are shown only where both the cell
    and its total are: a share then tells nothing the two do not.

    Parameters
    ----------
    counts : array_like, shape (n_rows, n_cols) or (n_cols,)
        Non-negative whole counts. A 1-D array is one row.
    threshold : int
        The smallest count that may be shown (default 5).
    totals : {"rows", "columns", "both", "none"}
        Which totals are published beside the table.
    published : array_like of bool, optional
        The cells a reader sees (default: all). Unpublished cells are never shown, nor protected; they
        link totals that count the same things, e.g. two tables of the same cycles by driver and by
        decision are the row and column totals of an unpublished driver × decision table.
    suppress_zero : bool
        Whether a zero count is itself sensitive.

    Returns
    -------
    SuppressedTable

    References
    ----------
    Cox, L. H. (1980). Suppression methodology and statistical disclosure control. JASA 75, 377–385.
    Hundepool, A., et al. (2012). *Statistical Disclosure Control*, §5.2 and §5.5. Wiley.

    Examples
    --------
    Attendance of one event by role (teachers 10, directors 2) with its total 12: the 2 is small, and
    the total would give it away (12 − 10), so the teachers' count is hidden too.

    >>> t = suppress_table([10, 2], totals="rows")
    >>> t.values.tolist(), t.row_totals.tolist()
    ([[nan, nan]], [12.0])
    """
    check_choice(totals, "totals", ("rows", "columns", "both", "none"))
    if int(threshold) != threshold or threshold < 1:
        raise ValueError(f"threshold: must be a positive whole number, got {threshold!r}")
    c = np.atleast_2d(check_counts(counts))
    shape = (int(c.shape[0]), int(c.shape[1]))
    shown = np.ones(shape, dtype=bool) if published is None else np.asarray(published, dtype=bool)
    if shown.shape != shape:
        shown = np.atleast_2d(shown)
        if shown.shape != shape:
            raise ValueError(f"published has shape {shown.shape}, expected {shape} like counts")
    a, n_r, n_c = _table_constraints(shape, totals)
    value = np.concatenate([c.ravel(), c.sum(axis=1)[:n_r], c.sum(axis=0)[:n_c]])
    publishable = np.concatenate([shown.ravel(), np.ones(n_r + n_c, dtype=bool)])
    small = (value < threshold) & ((value > 0) | suppress_zero)
    primary = small & publishable
    hidden = primary | ~publishable
    n_cells = c.size
    is_total = np.arange(value.size) >= n_cells
    while primary.any():  # nothing small: nothing to protect (and no linear algebra to do)
        exposed = np.flatnonzero(_determined(a, hidden) & primary)
        free = np.flatnonzero(~hidden)
        if exposed.size == 0 or free.size == 0:
            break
        hidden[_next_complement(a, hidden, int(exposed[0]), free, value, is_total)] = True
    complementary = hidden & publishable & ~primary
    cells = np.where(hidden[:n_cells], np.nan, c.ravel()).reshape(shape)
    tail = np.where(hidden[n_cells:], np.nan, value[n_cells:])
    row_totals = np.full(shape[0], np.nan)
    row_totals[:n_r] = tail[:n_r]
    column_totals = np.full(shape[1], np.nan)
    column_totals[:n_c] = tail[n_r:]

    def part(mask: BoolArray, start: int, n: int, size: int) -> BoolArray:
        out = np.zeros(size, dtype=bool)
        out[:n] = mask[start : start + n]
        return out

    return SuppressedTable(
        values=cells,
        primary=primary[:n_cells].reshape(shape),
        complementary=complementary[:n_cells].reshape(shape),
        row_totals=row_totals,
        row_total_primary=part(primary, n_cells, n_r, shape[0]),
        row_total_complementary=part(complementary, n_cells, n_r, shape[0]),
        column_totals=column_totals,
        column_total_primary=part(primary, n_cells + n_r, n_c, shape[1]),
        column_total_complementary=part(complementary, n_cells + n_r, n_c, shape[1]),
    )


def _next_complement(
    a: FloatArray,
    hidden: BoolArray,
    exposed: int,
    free: NDArray[np.intp],
    value: FloatArray,
    is_total: BoolArray,
) -> int:
    """The shown figure to hide next so that the small count ``exposed`` can no longer be worked out:
    first among those in an identity with it, then among all; cells before totals, the smallest first."""
    linked = np.flatnonzero(np.abs(a[np.abs(a[:, exposed]) > 0]).sum(axis=0) > 0)
    near = np.intersect1d(free, linked)
    for pool in (near, free):
        order = sorted(pool.tolist(), key=lambda v: (bool(is_total[v]), value[v] == 0, value[v], v))
        for cand in order:
            trial = hidden.copy()
            trial[cand] = True
            if not _determined(a, trial)[exposed]:
                return int(cand)
    return int(sorted(free.tolist(), key=lambda v: (bool(is_total[v]), value[v] == 0, value[v], v))[0])


def _plain(values: FloatArray) -> list[Any]:
    """An array of whole counts as Python ints, None where hidden."""
    return [None if v != v else int(v) for v in values.tolist()]  # NaN is the one value unequal to itself
