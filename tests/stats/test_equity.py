from __future__ import annotations

import numpy as np
import pytest

from breakthrough.stats import disproportionality

GROUP = ["A"] * 20 + ["B"] * 30 + [None] * 3
INCIDENTS = [2] * 12 + [0] * 8 + [1] * 3 + [0] * 27 + [5, 0, 1]


def test_risk_ratio_against_all_other_children() -> None:
    p = disproportionality(GROUP, INCIDENTS)
    assert p.groups == ("A", "B")
    np.testing.assert_allclose(p.risk, [12 / 20, 3 / 30])
    np.testing.assert_allclose(p.risk_ratio, [(12 / 20) / (3 / 30), (3 / 30) / (12 / 20)])
    assert p.n_excluded_missing_group == 3
    assert p.flagged.tolist() == [True, False]


def test_composition_sums_to_zero() -> None:
    p = disproportionality(GROUP, INCIDENTS)
    assert p.composition_diff.sum() == pytest.approx(0.0, abs=1e-12)
    assert p.pct_of_enrollment.sum() == pytest.approx(100.0)


def test_interval_brackets_the_ratio() -> None:
    p = disproportionality(GROUP, INCIDENTS, conf=0.9)
    assert np.all(p.rr_ci_low < p.risk_ratio)
    assert np.all(p.risk_ratio < p.rr_ci_high)


def test_negative_counts_name_the_row() -> None:
    with pytest.raises(ValueError, match="row 1"):
        disproportionality(["A", "B"], [0, -1])
