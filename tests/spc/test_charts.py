"""The batch core: hand-computed values, options and validation."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from breakthrough import spc


def test_p_chart_by_hand() -> None:
    ch = spc.p_chart([5, 10, 5], [50, 100, 50])
    sd = np.sqrt(0.1 * 0.9 / np.array([50, 100, 50]))
    assert_allclose(ch.center[0], 0.1)
    assert_allclose(ch.ucl[0], 0.1 + 3 * sd)
    assert_allclose(ch.lcl[0], np.maximum(0.1 - 3 * sd, 0))


def test_i_chart_uses_rounded_d2_and_screens_moving_ranges() -> None:
    y = [10, 11, 10, 11, 10, 11, 10, 60, 11, 10, 11]
    screened = spc.i_chart(y)
    raw = spc.i_chart(y, screened_mr=False)
    assert screened.ucl[0, 0] < raw.ucl[0, 0]
    mr = np.abs(np.diff(y))
    assert_allclose(raw.ucl[0, 0] - raw.center[0, 0], 3 * mr.mean() / 1.128)


def test_freeze_extends_the_baseline() -> None:
    y = np.r_[np.ones(10) * 5 + np.tile([0, 1], 5), np.full(10, 20.0)]
    ch = spc.i_chart(y, freeze=10)
    assert_allclose(ch.center[0], 5.5)
    assert ch.signals.sigma[0, 10:].all()


def test_exclude_keeps_point_but_not_in_calculation() -> None:
    y = np.array([5.0, 6, 5, 6, 50, 5, 6, 5])
    ex = np.arange(8) == 4
    ch = spc.i_chart(y, exclude=ex)
    assert_allclose(ch.center[0, 0], np.delete(y, 4).mean())
    assert ch.signals.sigma[0, 4]
    assert ch.y[0, 4] == 50


def test_t_chart_rejects_zero_naming_the_position() -> None:
    with pytest.raises(ValueError, match=r"y\[0, 2\]"):
        spc.t_chart([3.0, 4.0, 0.0, 5.0])


def test_shapes_are_checked() -> None:
    with pytest.raises(ValueError, match="denominators"):
        spc.p_chart([[1, 2, 3]], [[1, 2]])
    with pytest.raises(ValueError, match="numerators"):
        spc.p_chart([1, np.inf], [1, 2])
    with pytest.raises(ValueError, match="freeze"):
        spc.i_chart([1, 2, 3], freeze=0)
    with pytest.raises(ValueError, match=r"part\[0\]"):
        spc.i_chart([1, 2, 3], part=[-1])


def test_y_neg_false_floors_lower_limits() -> None:
    ch = spc.i_chart([0.0, 5, 0, 6, 1, 0, 7], y_neg=False)
    assert (ch.lcl >= 0).all()


def test_multiply_scales_y_and_lines() -> None:
    a, b = spc.u_chart([4, 6, 5], [2, 3, 2.5]), spc.u_chart([4, 6, 5], [2, 3, 2.5], multiply=100)
    assert_allclose(b.ucl, a.ucl * 100)
    assert_allclose(b.y, a.y * 100)
