from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from breakthrough.stats._moments import pairwise_cor, pairwise_cov

cells = st.one_of(st.just(np.nan), st.integers(1, 5).map(float), st.floats(-1e3, 1e3))


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(3, 15), st.integers(2, 5)), elements=cells))
def test_pairwise_moments_match_pandas(x: np.ndarray) -> None:
    df = pd.DataFrame(x)
    np.testing.assert_allclose(pairwise_cov(x), df.cov().to_numpy(), rtol=1e-7, atol=1e-6, equal_nan=True)
    ours, theirs = pairwise_cor(x), df.corr().to_numpy()
    both = np.isfinite(ours) & np.isfinite(theirs) & (np.abs(theirs) < 1 - 1e-6)
    np.testing.assert_allclose(ours[both], theirs[both], rtol=1e-6, atol=1e-6)


def _likert(n: int, k: int, missing: float) -> np.ndarray:
    rng = np.random.default_rng(7)
    x = np.clip(np.round(3 + rng.normal(size=(n, 1)) + rng.normal(scale=0.9, size=(n, k))), 1, 5)
    x[rng.random(x.shape) < missing] = np.nan
    return x


def test_sparse_and_dense_paths_match_pandas() -> None:
    # 6,000 × 20 = 120,000 cells: 3% missing takes the sparse products, 30% the dense ones.
    for missing in (0.0, 0.03, 0.3):
        x = _likert(6_000, 20, missing)
        np.testing.assert_allclose(pairwise_cov(x), pd.DataFrame(x).cov().to_numpy(), rtol=1e-12, atol=1e-14)


def test_constant_column_has_exactly_zero_variance() -> None:
    x = _likert(500, 4, 0.1)
    x[:, 2] = np.where(np.isnan(x[:, 2]), np.nan, 0.1)  # 0.1 has no exact binary mean of many copies
    assert pairwise_cov(x)[2, 2] == 0.0
