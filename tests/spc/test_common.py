"""Invariants that hold for every chart type (as scikit-learn's metrics/tests/test_common.py)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from breakthrough import spc

RNG = np.random.default_rng(7)
S, P = 5, 20


def _data() -> dict[str, np.ndarray]:
    den = RNG.integers(20, 80, (S, P)).astype(float)
    return {
        "y": RNG.normal(10, 2, (S, P)),
        "pos": RNG.gamma(4, 3, (S, P)) + 0.1,
        "num": RNG.binomial(den.astype(int), 0.2).astype(float),
        "den": den,
        "sizes": RNG.integers(2, 8, (S, P)).astype(float),
        "sds": RNG.gamma(4, 0.5, (S, P)),
    }


DATA = _data()

CHARTS = {
    "run": lambda d, **kw: spc.run_chart(d["y"], **kw),
    "i": lambda d, **kw: spc.i_chart(d["y"], **kw),
    "mr": lambda d, **kw: spc.mr_chart(d["y"], **kw),
    "xbar": lambda d, **kw: spc.xbar_chart(d["y"], d["sizes"], d["sds"], **kw),
    "s": lambda d, **kw: spc.s_chart(d["sds"], d["sizes"], **kw),
    "t": lambda d, **kw: spc.t_chart(d["pos"], **kw),
    "p": lambda d, **kw: spc.p_chart(d["num"], d["den"], **kw),
    "pp": lambda d, **kw: spc.pp_chart(d["num"], d["den"], **kw),
    "c": lambda d, **kw: spc.c_chart(d["num"], **kw),
    "u": lambda d, **kw: spc.u_chart(d["num"], d["den"], **kw),
    "up": lambda d, **kw: spc.up_chart(d["num"], d["den"], **kw),
    "g": lambda d, **kw: spc.g_chart(d["num"], **kw),
    "ip": lambda d, **kw: spc.ip_chart(d["pos"], d["den"], **kw),
}
LINES = ("y", "center", "lcl", "ucl", "lcl_95", "ucl_95")


def test_every_chart_type_is_covered() -> None:
    assert set(CHARTS) == set(spc.CHART_TYPES)


def _rows(d: dict[str, np.ndarray], rows: slice) -> dict[str, np.ndarray]:
    return {k: v[rows] for k, v in d.items()}


@pytest.mark.parametrize("kind", CHARTS)
@pytest.mark.parametrize("kw", [{}, {"part": [8]}, {"freeze": 12}, {"exclude": np.arange(P) == 4}])
def test_batch_equals_loop_of_single_series(kind: str, kw: dict) -> None:
    batch = CHARTS[kind](DATA, **kw)
    for s in range(S):
        one = CHARTS[kind](_rows(DATA, slice(s, s + 1)), **kw)
        for name in LINES:
            assert_allclose(getattr(one, name)[0], getattr(batch, name)[s], rtol=1e-12, equal_nan=True)
        assert_array_equal(one.signals.sigma[0], batch.signals.sigma[s])
        assert_array_equal(one.signals.runs[0], batch.signals.runs[s])
        assert_array_equal(one.signals.long_run[0], batch.signals.long_run[s])


@pytest.mark.parametrize("kind", CHARTS)
def test_nan_months_stay_in_place(kind: str) -> None:
    d = {k: v.copy() for k, v in DATA.items()}
    for v in d.values():
        v[:, 5] = np.nan
    ch = CHARTS[kind](d)
    assert ch.shape == (S, P)
    assert np.isnan(ch.y[:, 5]).all()
    assert not ch.signals.sigma[:, 5].any()
    if kind != "mr":
        assert np.isfinite(ch.y[:, 6]).all()


@pytest.mark.parametrize("kind", CHARTS)
def test_phases_are_independent(kind: str) -> None:
    whole = CHARTS[kind](DATA, part=[10])
    second = CHARTS[kind]({k: v[:, 10:] for k, v in DATA.items()})
    for name in ("center", "lcl", "ucl"):
        got = getattr(whole, name)[:, 10:]
        want = getattr(second, name)
        if kind == "mr":  # the first moving range of a phase spans the phase boundary
            got, want = got[:, 1:], want[:, 1:]
        assert_allclose(got, want, rtol=1e-12, equal_nan=True, err_msg=name)
    assert (whole.phase[:, 10:] == 2).all()


@settings(max_examples=25, deadline=None)
@given(shift=st.floats(-1e3, 1e3, allow_nan=False), n=st.integers(3, 30))
def test_i_chart_shifts_with_a_constant(shift: float, n: int) -> None:
    y = np.random.default_rng(n).normal(0, 1, (2, n))
    a, b = spc.i_chart(y), spc.i_chart(y + shift)
    for name in ("center", "lcl", "ucl"):
        assert_allclose(getattr(b, name), getattr(a, name) + shift, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 50)), min_size=1, max_size=30))
def test_runs_statistics_are_consistent(values: list) -> None:
    y = np.array([np.nan if v is None else v for v in values], dtype=float)
    r = spc.run_chart(y).runs
    if r.n_useful[0, 0] == 0:
        assert np.isnan(r.longest_run[0, 0])
        assert not r.signal[0, 0]
    else:
        assert 1 <= r.longest_run[0, 0] <= r.n_useful[0, 0]
        assert 0 <= r.n_crossings[0, 0] < r.n_useful[0, 0]


def test_core_never_imports_django() -> None:
    code = "import sys, breakthrough.spc; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_module_never_imports_django() -> None:
    code = "import sys, breakthrough.spc_cli; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("kind", CHARTS)
@pytest.mark.parametrize("kw", [{}, {"part": [8]}, {"exclude": np.arange(P) == 4, "y_neg": False}])
def test_blocks_of_series_give_the_same_chart(kind: str, kw: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    # The core computes a few series at a time into arrays allocated once; the block size must not
    # change a single value.
    from breakthrough.spc import charts

    d = {k: v.copy() for k, v in DATA.items()}
    d["y"][1, 3] = d["num"][2, 5] = np.nan
    whole = CHARTS[kind](d, **kw)
    monkeypatch.setattr(charts, "BLOCK", 2)
    blocked = CHARTS[kind](d, **kw)
    for name in LINES:
        assert_array_equal(getattr(blocked, name), getattr(whole, name), err_msg=name)
    for name in ("sigma", "runs", "long_run", "crossings"):
        assert_array_equal(getattr(blocked.signals, name), getattr(whole.signals, name), err_msg=name)
    for name in whole.runs.__dataclass_fields__:
        assert_array_equal(getattr(blocked.runs, name), getattr(whole.runs, name), err_msg=name)
