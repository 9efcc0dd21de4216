from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakthrough.stats import cronbach_alpha, icc

# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges, and their Table 4 ICCs.
SHROUT_FLEISS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
)


def _items(rng: np.random.Generator, n: int = 40, k: int = 5) -> np.ndarray:
    f = rng.normal(size=(n, 1))
    return np.clip(np.round(3 + f + rng.normal(scale=0.8, size=(n, k))), 1, 5)


def test_icc_reproduces_shrout_fleiss_table_4() -> None:
    r = icc(SHROUT_FLEISS)
    np.testing.assert_allclose(r.icc, [0.17, 0.29, 0.71, 0.44, 0.62, 0.91], atol=0.005)


def test_icc_anova_refuses_missing_and_names_the_cell() -> None:
    x = SHROUT_FLEISS.astype(float)
    x[3, 2] = np.nan
    with pytest.raises(ValueError, match="row 3, column 2"):
        icc(x)
    assert np.isfinite(icc(x, method="reml").icc).all()


def test_icc_reml_equals_anova_without_truncation() -> None:
    a, b = icc(SHROUT_FLEISS), icc(SHROUT_FLEISS, method="reml")
    np.testing.assert_allclose(a.icc, b.icc, rtol=1e-5)


def test_icc_bounds_bracket_the_estimate() -> None:
    r = icc(SHROUT_FLEISS)
    assert np.all(r.lower <= r.icc)
    assert np.all(r.icc <= r.upper)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(-50, 50))
def test_alpha_unchanged_by_adding_a_constant(seed: int, c: float) -> None:
    x = _items(np.random.default_rng(seed))
    a, b = cronbach_alpha(x), cronbach_alpha(x + c)
    np.testing.assert_allclose([a.raw_alpha, a.std_alpha], [b.raw_alpha, b.std_alpha], rtol=1e-9)
    np.testing.assert_allclose(a.items.r_drop, b.items.r_drop, rtol=1e-9)


def test_alpha_matches_the_textbook_formula() -> None:
    x = _items(np.random.default_rng(1))
    k = x.shape[1]
    expected = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))
    assert cronbach_alpha(x).raw_alpha == pytest.approx(expected, rel=1e-12)


def test_alpha_if_dropped_is_alpha_of_the_rest() -> None:
    x = _items(np.random.default_rng(2))
    r = cronbach_alpha(x)
    for i in range(x.shape[1]):
        rest = cronbach_alpha(np.delete(x, i, axis=1))
        assert r.dropped.raw_alpha[i] == pytest.approx(rest.raw_alpha, rel=1e-12)


def test_reverse_key_equals_reversing_the_data() -> None:
    x = _items(np.random.default_rng(3))
    keys = np.array([1, -1, 1, 1, -1])
    flipped = np.where(keys < 0, 6 - x, x)
    a, b = cronbach_alpha(flipped), cronbach_alpha(x, keys, scale_min=1, scale_max=5)
    assert a.raw_alpha == pytest.approx(b.raw_alpha, rel=1e-12)
    np.testing.assert_allclose(a.scores, b.scores)


def test_alpha_refuses_fewer_than_two_varying_items() -> None:
    with pytest.raises(ValueError, match="items"):
        cronbach_alpha(np.ones((10, 3)))


def test_icc_batch_equals_a_loop_over_sets() -> None:
    rng = np.random.default_rng(4)
    sets = rng.normal(size=(5, 12, 1)) + rng.normal(0, 0.7, (5, 12, 3))
    batch = icc(sets)
    assert batch.icc.shape == (5, 6)
    for i, s in enumerate(sets):
        one = icc(s)
        np.testing.assert_allclose(batch.icc[i], one.icc, rtol=1e-12)
        np.testing.assert_allclose(batch.lower[i], one.lower, rtol=1e-12)
        np.testing.assert_allclose(batch.p[i], one.p, rtol=1e-12)


def test_icc_batch_error_names_the_set() -> None:
    sets = np.ones((3, 4, 2)) + np.arange(4)[None, :, None]
    sets[2, 1, 0] = np.nan
    with pytest.raises(ValueError, match=r"ratings\[2\]: missing value at row 1, column 0"):
        icc(sets)
