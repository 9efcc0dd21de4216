from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from breakthrough.stats import disclosed_cells, suppress_small_cells


def test_small_cells_are_hidden_with_complements() -> None:
    s = suppress_small_cells([[12, 3, 20], [15, 9, 30], [4, 8, 10]])
    assert s.primary.sum() == 2
    assert not disclosed_cells(s.hidden).any()
    assert np.isnan(s.values[s.hidden]).all()
    assert (s.values[~s.hidden] >= 5).all()


def test_a_single_hidden_cell_is_recoverable() -> None:
    assert disclosed_cells([[True, False], [False, False]])[0, 0]
    assert not disclosed_cells([[True, True], [True, True]]).any()


def test_nothing_small_means_nothing_hidden() -> None:
    s = suppress_small_cells([[10, 20], [30, 40]])
    assert not s.hidden.any()


def test_one_dimensional_counts_with_a_total() -> None:
    s = suppress_small_cells([12, 3, 20, 7], margins="rows")
    assert s.hidden.sum() == 2
    assert not disclosed_cells(s.hidden, margins="rows").any()


def test_zero_is_shown_unless_asked() -> None:
    assert not suppress_small_cells([[0, 10], [10, 10]]).hidden.any()
    assert suppress_small_cells([[0, 10], [10, 10]], suppress_zero=True).primary[0, 0]


def test_bad_counts_name_the_cell() -> None:
    with pytest.raises(ValueError, match=r"cell \(1, 0\)"):
        suppress_small_cells([[1, 2], [-1, 3]])


@settings(max_examples=60, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=st.integers(0, 30)))
def test_no_hidden_cell_is_ever_recoverable(counts: np.ndarray) -> None:
    s = suppress_small_cells(counts)
    small = (counts > 0) & (counts < 5)
    assert (s.hidden[small]).all()
    assert s.hidden.all() or not disclosed_cells(s.hidden).any()
    if min(counts.shape) > 1 and s.hidden.any() and not s.hidden.all():
        assert s.hidden.sum() >= 4  # a protected pattern in a 2-D table needs a cycle of four
