from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from breakthrough.stats import cohens_d, hedges_g, hedges_j, paired_difference, paired_t, wilcoxon_signed_rank

RNG = np.random.default_rng(7)
PRE = np.round(RNG.normal(3, 0.6, 30), 2)
POST = np.round(PRE + RNG.normal(0.3, 0.4, 30), 2)


def test_paired_t_matches_scipy() -> None:
    ours = paired_t(POST, PRE)
    ref = stats.ttest_rel(POST, PRE)
    assert ours.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert ours.p_value == pytest.approx(ref.pvalue, rel=1e-10)


def test_paired_t_drops_incomplete_pairs() -> None:
    post = np.append(POST, np.nan)
    pre = np.append(PRE, 2.0)
    assert paired_t(post, pre).n == PRE.size


def test_paired_inputs_must_match_in_length() -> None:
    with pytest.raises(ValueError, match="pre: length"):
        paired_difference([1, 2, 3], [1, 2])


def test_constant_differences_are_refused() -> None:
    with pytest.raises(ValueError, match="constant"):
        paired_t([2, 3, 4], [1, 2, 3])


def test_wilcoxon_approximation_matches_scipy_when_set_like_r() -> None:
    ours = wilcoxon_signed_rank(POST, PRE, exact=False)
    ref = stats.wilcoxon(POST, PRE, zero_method="wilcox", correction=True, method="approx")
    assert ours.p_value == pytest.approx(ref.pvalue, rel=1e-10)


def test_wilcoxon_exact_small_sample() -> None:
    # n = 5, all differences positive: P = 2 · (1/32).
    w = wilcoxon_signed_rank([2, 3, 4, 5, 6], [1.1, 2.2, 3.3, 4.4, 5.5])
    assert (w.statistic, w.p_value, w.exact) == (15.0, 0.0625, True)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=3, max_size=25))
def test_wilcoxon_p_is_a_probability(diffs: list[int]) -> None:
    d = np.array(diffs, dtype=float)
    w = wilcoxon_signed_rank(d, np.zeros_like(d))
    assert np.isnan(w.p_value) or 0.0 <= w.p_value <= 1.0
    assert w.statistic == pytest.approx(stats.rankdata(np.abs(d[d != 0]))[d[d != 0] > 0].sum())


def test_cohens_d_pooled() -> None:
    x, y = np.array([5.0, 6, 7, 8]), np.array([4.0, 5, 6, 5])
    sp = np.sqrt((3 * x.var(ddof=1) + 3 * y.var(ddof=1)) / 6)
    assert cohens_d(x, y).estimate == pytest.approx((x.mean() - y.mean()) / sp)


def test_hedges_g_is_d_times_j() -> None:
    d, g = cohens_d(POST, PRE, paired=True), hedges_g(POST, PRE, paired=True)
    j = hedges_j(d.df)
    assert (g.estimate, g.ci_low, g.ci_high) == pytest.approx((d.estimate * j, d.ci_low * j, d.ci_high * j))


def test_d_interval_contains_estimate_and_one_sided_is_open() -> None:
    d = cohens_d(POST, PRE)
    assert d.ci_low < d.estimate < d.ci_high
    assert cohens_d(POST, PRE, alternative="greater").ci_high == np.inf
    assert cohens_d(POST, PRE, alternative="less").ci_low == -np.inf


def test_d_sign_flips_with_the_groups() -> None:
    a, b = cohens_d(POST, PRE), cohens_d(PRE, POST)
    assert a.estimate == pytest.approx(-b.estimate)
    assert a.ci_low == pytest.approx(-b.ci_high, rel=1e-8)


def test_both_groups_constant_is_refused() -> None:
    with pytest.raises(ValueError, match="standardizer"):
        cohens_d([1, 1, 1], [2, 2, 2])
