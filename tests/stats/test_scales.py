from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from breakthrough.stats import reverse_items, scale_scores

ITEMS = np.array([[1, 5, 4, 2], [2, 4, 4, np.nan], [5, 1, 2, 1], [3, 3, np.nan, np.nan], [4, 2, 5, 4]])


def test_reverse_keying_uses_the_scale_range() -> None:
    out = reverse_items([[1, 5], [2, 4]], [1, -1], scale_min=1, scale_max=5)
    np.testing.assert_array_equal(out, [[1, 1], [2, 2]])


def test_reverse_keying_requires_the_range() -> None:
    with pytest.raises(ValueError, match="scale_min"):
        scale_scores(ITEMS, [1, -1, 1, 1])


def test_values_outside_the_range_name_row_and_column() -> None:
    with pytest.raises(ValueError, match="row 2, column 0"):
        reverse_items([[1, 2], [2, 2], [7, 1]], [1, -1], scale_min=1, scale_max=5)


def test_mean_and_sum_scoring() -> None:
    mean = scale_scores(ITEMS, scale_min=1, scale_max=5)
    total = scale_scores(ITEMS, scoring="sum")
    np.testing.assert_allclose(mean.scores, np.nanmean(ITEMS, axis=1))
    np.testing.assert_allclose(total.scores, np.nansum(ITEMS, axis=1))


def test_minimum_answered_rule() -> None:
    s = scale_scores(ITEMS, min_answered=3)
    assert s.n_answered.tolist() == [4, 3, 4, 2, 4]
    assert np.isnan(s.scores[3])
    assert not np.isnan(s.scores[1])


def test_nobody_answered() -> None:
    x = [[np.nan, np.nan], [1, 2]]
    assert np.isnan(scale_scores(x).scores[0])
    assert scale_scores(x, scoring="sum").scores[0] == 0.0  # psych: rowSums(na.rm = TRUE)
    assert np.isnan(scale_scores(x, scoring="sum", min_answered=1).scores[0])


def test_median_imputation_fills_from_raw_items() -> None:
    s = scale_scores(ITEMS, impute="median")
    filled = np.where(np.isnan(ITEMS), np.nanmedian(ITEMS, axis=0), ITEMS)
    np.testing.assert_allclose(s.scores, filled.mean(axis=1))


def test_constant_items_can_be_dropped() -> None:
    x = np.array([[1, 3, 2], [2, 3, 4], [4, 3, 5]])
    assert scale_scores(x, drop_constant=True).item_index.tolist() == [0, 2]
    assert scale_scores(x).n_items == 3


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (12, 4), elements=st.integers(1, 5).map(float)), st.integers(-3, 3))
def test_alpha_of_scale_is_unchanged_by_a_shift(x: np.ndarray, c: int) -> None:
    a = scale_scores(x).alpha
    b = scale_scores(x + c).alpha
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True)


def test_alpha_read_later_is_the_alpha_of_the_keyed_items() -> None:
    # scale_scores computes alpha when .alpha is first read: k/(k-1)·(1 − tr C/ΣC) of the keyed items,
    # C from pandas' pairwise-complete covariance.
    rng = np.random.default_rng(3)
    x = np.clip(np.round(3 + rng.normal(size=(300, 1)) + rng.normal(scale=0.9, size=(300, 6))), 1, 5)
    x[rng.random(x.shape) < 0.05] = np.nan
    keys = np.array([1, -1, 1, 1, -1, 1])
    s = scale_scores(x, keys, scale_min=1, scale_max=5)
    c = pd.DataFrame(np.where(keys < 0, 6 - x, x)).cov().to_numpy()
    assert s.alpha == pytest.approx(6 / 5 * (1 - np.trace(c) / c.sum()), rel=1e-12)
    assert s.average_r == pytest.approx(s.alpha / (6 - s.alpha * 5), rel=1e-12)
