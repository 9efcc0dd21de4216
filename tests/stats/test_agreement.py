from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breakthrough.stats import cohen_kappa, percent_agreement

ratings = st.lists(st.tuples(st.integers(1, 4), st.integers(1, 4)), min_size=8, max_size=40)


@settings(max_examples=50, deadline=None)
@given(ratings)
def test_kappa_is_symmetric_in_the_raters(pairs: list[tuple[int, int]]) -> None:
    a, b = zip(*pairs, strict=True)
    k1 = cohen_kappa(a, b, levels=[1, 2, 3, 4])
    k2 = cohen_kappa(b, a, levels=[1, 2, 3, 4])
    np.testing.assert_allclose(
        [k1.kappa, k1.weighted_kappa, k1.var_kappa, k1.var_weighted],
        [k2.kappa, k2.weighted_kappa, k2.var_kappa, k2.var_weighted],
        rtol=1e-9,
        atol=1e-12,
    )


def test_perfect_agreement_is_one() -> None:
    k = cohen_kappa([1, 2, 3, 2], [1, 2, 3, 2])
    assert k.kappa == pytest.approx(1.0)
    assert k.percent_agreement == 100.0


def test_table_and_ratings_agree() -> None:
    r1 = [1, 1, 2, 2, 3, 3, 1, 2, 3, 3]
    r2 = [1, 2, 2, 2, 3, 1, 1, 2, 3, 2]
    table = np.zeros((3, 3))
    for a, b in zip(r1, r2, strict=True):
        table[a - 1, b - 1] += 1
    k1, k2 = cohen_kappa(r1, r2), cohen_kappa(table=table)
    assert (k1.kappa, k1.weighted_kappa) == pytest.approx((k2.kappa, k2.weighted_kappa))


def test_linear_weights_and_levels() -> None:
    k = cohen_kappa([1, 2, 3], [1, 3, 3], levels=[1, 2, 3, 4], weights="linear")
    np.testing.assert_allclose(k.weights[0], [1, 2 / 3, 1 / 3, 0])


def test_fce_variance_matches_textbook_two_category_case() -> None:
    # Fleiss, Levin & Paik (2003), Table 18.1-style 2×2: psych and FCE coincide for two categories.
    t = [[40, 9], [6, 45]]
    a = cohen_kappa(table=t)
    b = cohen_kappa(table=t, variance="psych")
    assert a.var_weighted == pytest.approx(b.var_weighted)


def test_labels_not_in_levels_are_refused() -> None:
    with pytest.raises(ValueError, match="levels"):
        cohen_kappa(["a", "b"], ["a", "c"], levels=["a", "b"])


def test_percent_agreement_drops_incomplete_pairs() -> None:
    assert percent_agreement([1, 2, 3, None], [1, 2, 2, 4]) == pytest.approx(200 / 3)


def test_a_label_seen_only_in_an_incomplete_pair_is_a_category() -> None:
    # psych: levels(as.factor(cbind(x1, x2))) — the table drops the pair, not the category.
    k = cohen_kappa([1, 2, 3, 4, 1], [1, 2, 3, None, 2])
    assert k.levels == (1, 2, 3, 4)
    assert k.n_obs == 4
    assert cohen_kappa(["a", "b", "c"], ["a", "b", None]).levels == ("a", "b", "c")
