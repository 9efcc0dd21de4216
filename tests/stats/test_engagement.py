"""The engagement index, the dose–response line and reliable change: statsmodels, SciPy, hand counts."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats as sps

from breakthrough.stats import dose_response, engagement_index, reliable_change

RNG = np.random.default_rng(7)
DOSE = np.round(RNG.uniform(0, 1, 12), 3)
RESPONSE = np.round(1 + 2 * DOSE + RNG.normal(0, 0.5, 12), 3)


def test_index_is_the_mean_of_the_parts_a_team_has() -> None:
    parts = [[1.0, 0.5, 0.25, float("nan")], [0.0, 0.0, 1.0, 1.0], [float("nan")] * 4]
    r = engagement_index(parts)
    # By hand: (1 + .5 + .25) / 3; (0 + 0 + 1 + 1) / 4; nothing.
    assert r.index[0] == pytest.approx(0.583333, abs=1e-6)
    assert r.index[1] == 0.5
    assert math.isnan(r.index[2])
    assert r.n_parts.tolist() == [3.0, 4.0, 0.0]


def test_index_refuses_a_part_outside_zero_to_one_naming_row_and_column() -> None:
    with pytest.raises(ValueError, match=r"parts: value 1\.5 at row 1, column 0"):
        engagement_index([[0.5, 0.5], [1.5, 0.2]])


def test_dose_response_matches_statsmodels_ols() -> None:
    ref = sm.OLS(RESPONSE, sm.add_constant(DOSE)).fit()
    ours = dose_response(DOSE, RESPONSE)
    assert ours.slope == pytest.approx(ref.params[1], rel=1e-10)
    assert ours.intercept == pytest.approx(ref.params[0], rel=1e-10)
    assert ours.se == pytest.approx(ref.bse[1], rel=1e-10)
    assert ours.p == pytest.approx(ref.pvalues[1], rel=1e-8)
    low, high = ref.conf_int(alpha=0.05)[1]
    assert (ours.ci_low, ours.ci_high) == (pytest.approx(low, rel=1e-10), pytest.approx(high, rel=1e-10))
    assert ours.r_squared == pytest.approx(ref.rsquared, rel=1e-10)
    rho = sps.spearmanr(DOSE, RESPONSE)
    assert ours.rho == pytest.approx(rho.statistic, rel=1e-12)
    assert ours.rho_p == pytest.approx(rho.pvalue, rel=1e-10)
    assert ours.n == 12
    assert ours.df == 10


def test_dose_response_small_case_by_hand_and_against_r() -> None:
    # By hand: x̄ = .5, ȳ = 2.25, Sxy = .9, Sxx = .2: slope 4.5, intercept 0; residuals .1, .2, −.7, .4,
    # RSS .7, SE = √(.7 / 2 / .2) = 1.322876; t = 3.401680 on 2 df, whose two-sided p is 1 − t/√(2 + t²)
    # = 0.07662; t(.975, 2) = 4.302653 (tables). Spearman: ranks (1, 2, 3, 4) and (1, 2.5, 2.5, 4),
    # Σdxdy = 4.5, Σdx² = 5, Σdy² = 4.5: rho = 4.5/√22.5 = 0.9486833.
    r = dose_response([0.2, 0.4, 0.6, 0.8], [1.0, 2.0, 2.0, 4.0])
    assert (r.slope, r.intercept) == (pytest.approx(4.5), pytest.approx(0.0, abs=1e-12))
    assert r.se == pytest.approx(1.322876, abs=1e-6)
    assert r.p == pytest.approx(0.07662, abs=1e-5)
    assert r.ci_low == pytest.approx(4.5 - 4.302653 * 1.322876, abs=1e-5)
    assert r.rho == pytest.approx(0.9486833, abs=1e-7)


def test_dose_response_leaves_out_incomplete_pairs_and_refuses_too_few() -> None:
    nan = float("nan")
    r = dose_response([0.1, nan, 0.5, 0.9, 0.3], [1.0, 3.0, nan, 2.0, 1.5])
    assert r.n == 3
    ref = sm.OLS([1.0, 2.0, 1.5], sm.add_constant([0.1, 0.9, 0.3])).fit()
    assert r.slope == pytest.approx(ref.params[1], rel=1e-10)
    with pytest.raises(ValueError, match="dose: 2 complete pairs"):
        dose_response([0.1, nan, 0.5, 0.9], [1.0, 3.0, nan, 2.0])
    with pytest.raises(ValueError, match="dose: every value is the same"):
        dose_response([0.5, 0.5, 0.5], [1.0, 2.0, 3.0])


def test_spearman_is_missing_when_the_response_is_constant() -> None:
    r = dose_response([0.1, 0.5, 0.9], [2.0, 2.0, 2.0])
    assert r.slope == 0
    assert math.isnan(r.rho)


def test_reliable_change_by_hand() -> None:
    pre = [2.0, 2.0, 2.5, 3.0, float("nan")]
    post = [3.0, 2.1, 1.5, 3.3, 2.8]
    r = reliable_change(post, pre, reliability=0.8)
    # By hand: SD of (2, 2, 2.5, 3) = 0.478714; SE_diff = 0.478714 · √2 · √0.2 = 0.302765;
    # threshold = 1.96 · 0.302765 = 0.593419. Changes 1.0, 0.1, −1.0, 0.3, (none).
    assert r.sd_pre == pytest.approx(0.478714, abs=1e-6)
    assert r.se_diff == pytest.approx(0.302765, abs=1e-6)
    assert r.threshold == pytest.approx(0.593419, abs=1e-6)
    assert r.improved.tolist() == [True, False, False, False, False]
    assert r.worsened.tolist() == [False, False, True, False, False]
    assert (r.n_improved, r.n_worsened, r.n_pairs) == (1, 1, 4)
    lower_better = reliable_change(post, pre, reliability=0.8, higher_is_better=False)
    assert lower_better.improved.tolist() == [False, False, True, False, False]


def test_reliable_change_refuses_a_reliability_of_one() -> None:
    with pytest.raises(ValueError, match="reliability"):
        reliable_change([1.0, 2.0], [1.0, 2.0], reliability=1.0)
