"""Signal rules against published definitions and tables."""

from __future__ import annotations

import numpy as np
import pytest

from breakthrough.spc import anhoej_rules, ihi_rules
from breakthrough.spc._tables import SE_LOWER, SE_UPPER, anhoej_table


def test_anhoej_limits_follow_schilling_and_chen() -> None:
    # Anhøj & Olesen (2014), Table 1: n = 10 -> longest run > 6, crossings < 2; n = 24 -> 8 and 8.
    longest, crossings = anhoej_table(100)
    assert (longest[10], crossings[10]) == (6, 2)
    assert (longest[24], crossings[24]) == (8, 8)


def test_points_on_the_centre_line_are_dropped() -> None:
    runs, _, _ = anhoej_rules([1, 0, 1, 0, 1, -1], [0] * 6)
    assert runs.n_obs[0, 0] == 6
    assert runs.n_useful[0, 0] == 4
    assert runs.longest_run[0, 0] == 3
    assert runs.n_crossings[0, 0] == 1


def test_long_run_points_are_flagged() -> None:
    y = [-1, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1, -1]
    runs, long_run, crossings = anhoej_rules(y, [0] * 12)
    assert runs.signal[0, 0]
    assert runs.longest_run[0, 0] == 8
    assert long_run[0].tolist() == [False] * 3 + [True] * 8 + [False]
    assert not crossings.any()


def test_bestbox_differs_from_anhoej_only_between_10_and_100() -> None:
    y = np.tile([1.0, 1, -1, -1], 3)[:9]
    a, _, _ = anhoej_rules(y, np.zeros(9))
    b, _, _ = anhoej_rules(y, np.zeros(9), method="bestbox")
    assert a.signal[0, 0] == b.signal[0, 0]


def test_method_is_validated() -> None:
    with pytest.raises(ValueError, match="method"):
        anhoej_rules([1, 2], [0, 0], method="nelson")


def test_ihi_shift_of_six_ignores_points_on_the_median() -> None:
    # Perla, Provost & Murray (2011): values on the median neither add to nor break a shift.
    y = [1, 5, 5, 3, 5, 5, 5, 5, 1, 1, 1]
    s = ihi_rules(y, np.full(11, 3.0))
    assert s.shift[0].tolist() == [False, True, True, False, True, True, True, True, False, False, False]


def test_ihi_trend_of_five_skips_equal_values() -> None:
    s = ihi_rules([1, 2, 2, 3, 4, 5, 1, 1])
    assert s.trend[0].tolist() == [True, True, False, True, True, True, False, False]
    assert not ihi_rules([1, 2, 3, 4, 1]).trend.any()


def test_ihi_runs_table_is_perla_table_1() -> None:
    # Perla, Provost & Murray (2011), Table 1: 20 useful points -> fewer than 6 or more than 16 runs.
    assert (SE_LOWER[20 - 10], SE_UPPER[20 - 10]) == (6, 16)
    alternating = np.tile([1.0, -1.0], 10)
    assert ihi_rules(alternating, np.zeros(20)).runs.all()
    assert ihi_rules(alternating, np.zeros(20)).n_runs[0] == 20


def test_ihi_astronomical_point() -> None:
    y = np.array([10, 11, 9, 10, 12, 10, 9, 11, 40, 10, 11, 9], dtype=float)
    s = ihi_rules(y)
    assert s.astronomical[0].tolist() == [False] * 8 + [True] + [False] * 3


@pytest.mark.parametrize("width", [1, 7, 24, 64])
def test_word_runs_analysis_equals_the_point_by_point_one(width: int) -> None:
    # Up to 64 points the runs analysis works on one 64-bit word per series; wider series go point by
    # point. Padding a series with missing points changes nothing, so both must agree exactly.
    rng = np.random.default_rng(width)
    y = np.round(rng.normal(0, 1, (400, width)))  # ties with the centre line are common
    y[rng.random(y.shape) < 0.1] = np.nan
    include = rng.random(y.shape) < 0.9
    padded = np.full((400, 70), np.nan)
    padded[:, :width] = y
    wide_include = np.zeros(padded.shape, dtype=bool)
    wide_include[:, :width] = include
    for method in ("anhoej", "bestbox", "cutbox"):
        runs, long_run, crossings = anhoej_rules(y, np.zeros_like(y), include=include, method=method)
        w_runs, w_long, w_cross = anhoej_rules(
            padded, np.zeros_like(padded), include=wide_include, method=method
        )
        for name in ("n_useful", "longest_run", "n_crossings", "signal"):
            np.testing.assert_array_equal(getattr(runs, name), getattr(w_runs, name), err_msg=name)
        np.testing.assert_array_equal(long_run, w_long[:, :width])
        np.testing.assert_array_equal(crossings, w_cross[:, :width])
