from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from breakthrough.stats import did_mixed, did_ols


def _panel(seed: int, rooms: int = 10, per: int = 4, effect: float = 0.5) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    room = np.repeat(np.arange(rooms), 2 * per)
    group = (room < rooms // 2).astype(float)
    time = np.tile(np.repeat([0.0, 1.0], per), rooms)
    score = 3 + 0.2 * group + 0.1 * time + effect * group * time
    score = score + rng.normal(0, 0.5, rooms)[room] + rng.normal(0, 0.4, room.size)
    return {"score": score, "group": group, "time": time, "classroom": room}


def test_ols_matches_statsmodels() -> None:
    d = _panel(1)
    x = sm.add_constant(np.column_stack([d["group"], d["time"], d["group"] * d["time"]]))
    ref = sm.OLS(d["score"], x).fit()
    ours = did_ols(d["score"], d["group"], d["time"])
    np.testing.assert_allclose(ours.estimate, ref.params, rtol=1e-10)
    np.testing.assert_allclose(ours.se, ref.bse, rtol=1e-10)


def test_ols_did_is_the_difference_of_cell_mean_changes() -> None:
    d = _panel(2)
    s, g, t = d["score"], d["group"], d["time"]
    cell = {(a, b): s[(g == a) & (t == b)].mean() for a in (0, 1) for b in (0, 1)}
    expected = (cell[1, 1] - cell[1, 0]) - (cell[0, 1] - cell[0, 0])
    assert did_ols(s, g, t).did == pytest.approx(expected, rel=1e-10)


def test_labels_use_given_reference_levels() -> None:
    d = _panel(3)
    g = np.where(d["group"] == 1, "participating", "comparison")
    t = np.where(d["time"] == 1, "post", "pre")
    default = did_ols(d["score"], g, t)  # alphabetical: "post" is the reference, as in R
    given = did_ols(d["score"], g, t, time_levels=["pre", "post"])
    assert given.did == pytest.approx(did_ols(d["score"], d["group"], d["time"]).did)
    assert default.did == pytest.approx(-given.did)


def test_single_group_leaves_did_undefined() -> None:
    d = _panel(4)
    r = did_ols(d["score"], np.ones_like(d["score"]), d["time"])
    assert np.isnan(r.did)
    assert r.vcov.shape == (4, 4)  # issue #11: aliased terms keep their (NaN) row and column, as R's vcov(lm)


def test_aliased_terms_are_reported_not_estimable() -> None:
    # One group only: group duplicates the intercept and group:time duplicates time, so R's
    # lm(score ~ group * time) gives NA for both and fits score ~ time. By hand for these six rows:
    # intercept = mean(pre) = 2, time = mean(post) - mean(pre) = 4; residuals -1, 0, 1, -2, 0, 2 so
    # RSS = 10 on 6 - 2 = 4 df, sigma² = 2.5; X'X = [[6, 3], [3, 3]], (X'X)⁻¹ = [[1, -1], [-1, 2]] / 3.
    score = [1.0, 2.0, 3.0, 4.0, 6.0, 8.0]
    time = [0, 0, 0, 1, 1, 1]
    r = did_ols(score, [1] * 6, time)
    assert r.aliased.tolist() == [False, True, False, True]
    np.testing.assert_allclose(r.estimate[[0, 2]], [2.0, 4.0], rtol=1e-12)
    assert np.isnan(r.estimate[[1, 3]]).all()
    assert np.isnan(r.se[[1, 3]]).all()
    expected = 2.5 * np.array([[1.0, -1.0], [-1.0, 2.0]]) / 3
    np.testing.assert_allclose(r.vcov[np.ix_([0, 2], [0, 2])], expected, rtol=1e-12)
    assert np.isnan(r.vcov[[1, 3], :]).all()
    assert np.isnan(r.vcov[:, [1, 3]]).all()
    np.testing.assert_allclose(r.se[[0, 2]], np.sqrt(np.diag(expected)), rtol=1e-12)
    assert r.df[0] == 4.0
    assert r.sigma == pytest.approx(np.sqrt(2.5), rel=1e-12)


def test_full_rank_design_flags_nothing() -> None:
    d = _panel(8)
    r = did_ols(d["score"], d["group"], d["time"])
    assert not r.aliased.any()
    assert np.isfinite(r.vcov).all()


def test_unknown_label_names_the_row() -> None:
    with pytest.raises(ValueError, match="row 2"):
        did_ols([1, 2, 3, 4], ["a", "b", "c", "a"], [0, 1, 0, 1], group_levels=["a", "b"])


def test_mixed_model_matches_statsmodels_variance_components() -> None:
    d = _panel(5)
    ours = did_mixed(d["score"], d["group"], d["time"], d["classroom"])
    x = sm.add_constant(np.column_stack([d["group"], d["time"], d["group"] * d["time"]]))
    ref = sm.MixedLM(d["score"], x, groups=d["classroom"]).fit(reml=True, method="bfgs", gtol=1e-10)
    np.testing.assert_allclose(ours.estimate, ref.fe_params, rtol=1e-5)
    assert ours.residual_var == pytest.approx(ref.scale, rel=1e-5)
    assert ours.classroom_var == pytest.approx(float(np.asarray(ref.cov_re)[0, 0]), rel=1e-4)


def test_mixed_model_balanced_within_df_are_integers() -> None:
    # Balanced design: the within-classroom contrasts have df = N − rooms − 2 (here 80 − 10 − 2).
    d = _panel(6)
    r = did_mixed(d["score"], d["group"], d["time"], d["classroom"])
    np.testing.assert_allclose(r.df[2:], 68.0, rtol=1e-6)


def test_mixed_model_needs_two_classrooms() -> None:
    d = _panel(7)
    with pytest.raises(ValueError, match="classroom"):
        did_mixed(d["score"], d["group"], d["time"], np.zeros_like(d["score"]))
