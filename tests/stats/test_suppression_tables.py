"""``suppress_table``: small cells, small totals, and what totals, shares or a linked table would give away.

Each case is worked out by hand in its comment; ``derivable`` is an independent check (linear programming,
counts non-negative) that no hidden small count has one possible value given what is shown.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linprog

from breakthrough.stats.suppression import suppress_table

NAN = None  # how a hidden figure is shown


def derivable(counts, table, *, totals: str) -> list[str]:
    """The hidden small counts (cells or totals) whose value the shown figures pin down exactly.

    Unknowns: every cell and every published total (x >= 0). Known: the shown ones. Identities: each
    published total is the sum of its cells. A hidden small count is disclosed when its minimum and
    maximum over all solutions agree.
    """
    c = np.atleast_2d(np.asarray(counts, dtype=float))
    n_rows, n_cols = c.shape
    rows = totals in ("rows", "both")
    cols = totals in ("columns", "both")
    n_cells = c.size
    names = [f"cell{(i, j)}" for i in range(n_rows) for j in range(n_cols)]
    names += [f"row total {i}" for i in range(n_rows) if rows] + [
        f"column total {j}" for j in range(n_cols) if cols
    ]
    true = list(c.ravel()) + (list(c.sum(axis=1)) if rows else []) + (list(c.sum(axis=0)) if cols else [])
    shown = list(np.nan_to_num(table.values, nan=-1).ravel())
    shown += list(np.nan_to_num(table.row_totals, nan=-1)) if rows else []
    shown += list(np.nan_to_num(table.column_totals, nan=-1)) if cols else []
    small = list((table.primary).ravel())
    small += list(table.row_total_primary) if rows else []
    small += list(table.column_total_primary) if cols else []
    n = len(names)
    eq, rhs = [], []
    for v in range(n):
        if shown[v] >= 0:
            row = np.zeros(n)
            row[v] = 1
            eq.append(row)
            rhs.append(shown[v])
    k = n_cells
    if rows:
        for i in range(n_rows):
            row = np.zeros(n)
            row[i * n_cols : (i + 1) * n_cols] = -1
            row[k + i] = 1
            eq.append(row)
            rhs.append(0)
        k += n_rows
    if cols:
        for j in range(n_cols):
            row = np.zeros(n)
            row[j:n_cells:n_cols] = -1
            row[k + j] = 1
            eq.append(row)
            rhs.append(0)
    found = []
    for v in range(n):
        if not small[v] or shown[v] >= 0:
            continue
        goal = np.zeros(n)
        goal[v] = 1
        low = linprog(goal, A_eq=np.array(eq), b_eq=rhs, bounds=(0, None)).fun
        top = linprog(-goal, A_eq=np.array(eq), b_eq=rhs, bounds=(0, None))
        high = np.inf if top.status == 3 else -top.fun  # 3: unbounded, nothing caps it
        assert low - 1e-7 <= true[v] <= high + 1e-7
        if high - low < 1e-7:
            found.append(names[v])
    return found


def test_attendance_teachers_10_directors_2_total_12():
    # Directors 2 < 5 is hidden; the published total 12 would give it away (12 − 10 = 2), so the other cell
    # of the row, the teachers' 10, is hidden too. The total stays: 12 = x + y has many solutions.
    t = suppress_table([10, 2], totals="rows")
    assert t.shown() == [[NAN, NAN]]
    assert t.shown_row_totals() == [12]
    assert t.primary.tolist() == [[False, True]]
    assert t.complementary.tolist() == [[True, False]]
    assert derivable([10, 2], t, totals="rows") == []


def test_the_smallest_other_cell_of_the_row_is_hidden():
    # Teachers 10, directors 2, families 7, total 19: hiding the 7 (the smallest other cell) leaves 2 + 7 = 9
    # in two unknowns; the 10 stays shown.
    t = suppress_table([10, 2, 7], totals="rows")
    assert t.shown() == [[10, NAN, NAN]]
    assert t.shown_row_totals() == [19]


def test_a_small_total_is_hidden_with_its_cells():
    # 1 + 2 = 3 people: the cells and the total are all below 5.
    t = suppress_table([[1, 2], [6, 7]], totals="rows")
    assert t.shown() == [[NAN, NAN], [6, 7]]
    assert t.shown_row_totals() == [NAN, 13]
    assert t.row_total_primary.tolist() == [True, False]


def test_non_zero_cells_are_preferred_as_complements():
    # 0, 3, 10 (total 13): the 3 is small; the 10 is hidden rather than the 0 (a hidden zero next to a small
    # count narrows it to an interval starting at zero).
    t = suppress_table([0, 3, 10], totals="rows")
    assert t.shown() == [[0, NAN, NAN]]


def test_row_and_column_totals_need_a_cycle_of_four():
    # [[12, 3, 20], [15, 9, 30]] with every total shown (rows 35, 54; columns 27, 12, 50). The 3 is small.
    # Hiding any one other cell or total leaves it determined (e.g. the 9: row 0 gives 35 − 12 − 20 = 3);
    # hiding the 2 × 2 block of columns 0–1 gives four identities of rank 3 in four unknowns:
    # x00 + x01 = 15, x10 + x11 = 24, x00 + x10 = 27, x01 + x11 = 12, so x01 can be anything from 0 to 12.
    counts = [[12, 3, 20], [15, 9, 30]]
    t = suppress_table(counts, totals="both")
    assert t.shown() == [[NAN, NAN, 20], [NAN, NAN, 30]]
    assert t.shown_row_totals() == [35, 54]
    assert t.shown_column_totals() == [27, 12, 50]
    assert derivable(counts, t, totals="both") == []


def test_linked_tables_of_the_same_cycles_by_driver_and_by_decision():
    # One month's PDSA cycles: by driver A 10, B 3; by decision adopt 7, adapt 6 (the same 13 cycles). B's 3
    # is small, and 7 + 6 − 10 = 3 would give it away, so the smallest other shown count, adapt's 6, is
    # hidden: A + B = adopt + adapt then reads 10 + B = 7 + adapt, two unknowns.
    cross = [[5, 5], [2, 1]]  # driver × decision, never published: its totals are the two tables
    t = suppress_table(cross, totals="both", published=[[False, False], [False, False]])
    assert t.shown_row_totals() == [10, NAN]
    assert t.shown_column_totals() == [7, NAN]
    assert t.shown() == [[NAN, NAN], [NAN, NAN]]
    assert derivable(cross, t, totals="both") == []


def test_reporting_shares_are_shown_only_with_their_counts():
    # 40 teams. March: 38 submitted (95 %). April: 3 submitted, a small cell: hidden, and its share too
    # (3 / 40 = 7.5 % would give it back); the other 37 are never shown, so the total 40 stays.
    counts = [[38, 2], [3, 37], [40, 0]]
    t = suppress_table(counts, totals="rows", published=[[True, False]] * 3)
    assert [row[0] for row in t.shown()] == [38, NAN, 40]
    assert [row[0] for row in t.shown_row_shares()] == [95, NAN, 100]
    assert t.shown_row_totals() == [40, 40, 40]


def test_without_totals_only_small_cells_are_hidden():
    t = suppress_table([[4, 0, 12]], totals="none")
    assert t.shown() == [[NAN, 0, 12]]
    assert suppress_table([[4, 0, 12]], totals="none", suppress_zero=True).shown() == [[NAN, NAN, 12]]


def test_a_threshold_of_one_shows_everything():
    t = suppress_table([[1, 2], [0, 3]], totals="both", threshold=1)
    assert t.shown() == [[1, 2], [0, 3]]
    assert t.shown_row_totals() == [3, 3]


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="totals"):
        suppress_table([1, 2], totals="diagonal")
    with pytest.raises(ValueError, match="published"):
        suppress_table([[1, 2]], published=[[True]])


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 4), st.integers(1, 4)), elements=st.integers(0, 14)),
    st.sampled_from(["rows", "columns", "both"]),
)
def test_no_hidden_small_count_is_ever_pinned_down(counts, totals):
    t = suppress_table(counts, totals=totals)
    assert derivable(counts, t, totals=totals) == []
