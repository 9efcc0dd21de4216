"""Charts that keep one sigma per point and make their limits on first use give the same numbers,
bit for bit, as the limits written out at once (``compute(lazy=False)``, the path ``qic()`` takes)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from breakthrough import spc
from breakthrough.spc import _engine, charts
from breakthrough.spc._types import LazyLimitsChart

RNG = np.random.default_rng(11)
DEN = RNG.integers(1, 60, (37, 24)).astype(float)
NUM = RNG.binomial(DEN.astype(int), 0.3).astype(float)
NUM[3, 5] = np.nan  # a missing month
DEN[4, :] = 0.0  # a series with no denominators: infinite sigma, no limits
RATE = RNG.gamma(3, 0.1, (37, 24))

CASES = {
    "p": lambda **kw: spc.p_chart(NUM, DEN, **kw),
    "pp": lambda **kw: spc.pp_chart(NUM, DEN, **kw),
    "u": lambda **kw: spc.u_chart(NUM, DEN, **kw),
    "up": lambda **kw: spc.up_chart(NUM, DEN, **kw),
    "ip": lambda **kw: spc.ip_chart(RATE, DEN + 1, **kw),
}
LINES = ("y", "center", "lcl", "ucl", "lcl_95", "ucl_95")


def _eager(monkeypatch: pytest.MonkeyPatch, make: object, **kw: object) -> spc.Chart:
    eager = _engine.compute

    def compute(*args: object, **kwargs: object) -> spc.Chart:
        kwargs["lazy"] = False
        return eager(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(charts, "compute", compute)
    try:
        return make(**kw)  # type: ignore[operator, no-any-return]
    finally:
        monkeypatch.setattr(charts, "compute", eager)


@pytest.mark.parametrize("kind", sorted(CASES))
@pytest.mark.parametrize("kw", [{}, {"multiply": 100}, {"freeze": 12}, {"cl": 0.25}])
def test_kept_sigma_gives_the_same_limits(monkeypatch: pytest.MonkeyPatch, kind: str, kw: dict) -> None:
    lazy = CASES[kind](**kw)
    eager = _eager(monkeypatch, CASES[kind], **kw)
    assert isinstance(lazy, LazyLimitsChart)
    assert not isinstance(eager, LazyLimitsChart)
    for name in LINES:
        np.testing.assert_array_equal(getattr(lazy, name), getattr(eager, name), err_msg=name, strict=True)
    for name in ("sigma", "runs", "long_run", "crossings"):
        np.testing.assert_array_equal(getattr(lazy.signals, name), getattr(eager.signals, name))
    assert lazy.lcl is lazy.lcl  # made once
    if kind != "ip":  # (the I′ case has denominators everywhere)
        assert np.isnan(lazy.ucl[4]).all()  # no denominators: no limits


def test_kept_sigma_does_not_depend_on_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = spc.p_chart(NUM, DEN)
    monkeypatch.setattr(charts, "BLOCK", 5)
    blocked = spc.p_chart(NUM, DEN)
    np.testing.assert_array_equal(blocked.lcl, whole.lcl, strict=True)
    np.testing.assert_array_equal(blocked.ucl_95, whole.ucl_95, strict=True)


def test_a_lazy_chart_pickles_as_a_chart() -> None:
    ch = spc.p_chart([5, 10, 5], [50, 100, 50])
    back = pickle.loads(pickle.dumps(ch))
    assert type(back) is spc.Chart
    # centre 20/200 = 0.1; sigma at n = 50: sqrt(0.1 * 0.9 / 50) = 0.0424264; ucl = 0.1 + 3 * sigma
    assert back.ucl[0, 0] == pytest.approx(0.2272792, abs=1e-7)
    assert back.lcl[0, 0] == 0.0  # 0.1 − 0.127 clipped at 0


def test_y_neg_false_and_phases_write_the_limits_out() -> None:
    assert not isinstance(spc.u_chart(NUM, DEN, y_neg=False), LazyLimitsChart)
    assert not isinstance(spc.u_chart(NUM, DEN, part=[12]), LazyLimitsChart)
