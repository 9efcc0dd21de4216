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
