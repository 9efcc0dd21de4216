"""Every qicharts2 0.8.1 reference case (../shared/reference, see its README) must match.

Floats to a relative 1e-9, integers and booleans exactly, errors where qicharts2 errs.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from breakthrough.spc import qic, qic_summary
from breakthrough.spc._tables import anhoej_table
from tests.spc.conftest import reference_cases, reference_dir

CASES = reference_cases()
FLOATS = ["y.sum", "y.mean", "y.sd", "n", "y", "cl", "lcl", "ucl", "lcl.95", "ucl.95"]
EXACT = ["part", "xx", "y.length", "baseline", "include", "sigma.signal", "runs.signal", "n.obs", "n.useful",
         "longest.run", "longest.run.max", "n.crossings", "n.crossings.min"]  # fmt: skip


def _as_float(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _x(inp: dict) -> object:
    if inp["x_type"] == "date":
        return pd.to_datetime(inp["x"]).to_numpy()
    if inp["x_type"] == "categorical":
        return pd.Categorical(inp["x"], categories=inp["x_levels"])
    return _as_float(inp["x"])


def run_case(case: dict) -> pd.DataFrame:
    inp, p = case["input"], case["params"]
    facets = None
    if inp["facet1"] is not None:
        facets = inp["facet1"] if inp["facet2"] is None else (inp["facet1"], inp["facet2"])
    return qic(
        _x(inp),
        _as_float(inp["y"]),
        None if inp["n"] is None else _as_float(inp["n"]),
        chart=p["chart"],
        facets=facets,
        part=p["part"],
        freeze=p["freeze"],
        exclude=p["exclude"],
        multiply=p["multiply"],
        y_neg=p["y_neg"],
        cl=p["cl"],
        agg_fun=p["agg_fun"],
        method=p["method"],
        screened_mr=p["qic_screenedmr"],
    )


def _key(df_f1, df_f2, xx) -> list[tuple[str, str, int]]:
    return [(str(a), str(b), int(c)) for a, b, c in zip(df_f1, df_f2, xx, strict=True)]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_matches_qicharts2(case: dict) -> None:
    if case["error"]:
        with pytest.raises(ValueError, match=r"."):
            run_case(case)
        return
    df = run_case(case)
    out = case["output"]
    assert len(df) == case["n_points"]
    expected_keys = _key(out["facet1"], out["facet2"], out["xx"])
    order = {k: i for i, k in enumerate(_key(df["facet1"], df["facet2"], df["xx"]))}
    df = df.iloc[[order[k] for k in expected_keys]]
    for col in FLOATS:
        assert_allclose(df[col.replace(".", "_")].to_numpy(float), _as_float(out[col]), rtol=1e-9, atol=0,
                        equal_nan=True, err_msg=col)  # fmt: skip
    for col in EXACT:
        got = df[col.replace(".", "_").replace("y_length", "y_length")].to_numpy(float)
        assert_array_equal(got, _as_float(out[col]).astype(float), err_msg=col)
    if case["input"]["x_type"] == "date":
        assert [str(pd.Timestamp(v).date()) for v in df["x"]] == out["x"]
    else:
        assert [str(v) for v in df["x"]] == [str(v) for v in out["x"]] or np.allclose(
            df["x"].to_numpy(float), _as_float(out["x"])
        )


@pytest.mark.parametrize("case", [c for c in CASES if not c["error"]], ids=lambda c: c["id"])
def test_summary_matches_qicharts2(case: dict) -> None:
    summary = qic_summary(run_case(case))
    for expected in case["series"]:
        row = summary[(summary["facet1"].astype(str) == str(expected["facet1"]))
                      & (summary["facet2"].astype(str) == str(expected["facet2"]))
                      & (summary["part"] == expected["part"])]  # fmt: skip
        assert len(row) == 1
        for col in ("n.obs", "n.useful", "longest.run", "longest.run.max", "n.crossings", "n.crossings.min",
                    "runs.signal", "sigma.signal", "aLCL", "CL", "aUCL"):  # fmt: skip
            want = np.nan if expected[col] is None else float(expected[col])
            assert_allclose(
                float(row[col.replace(".", "_")].iloc[0]), want, rtol=1e-9, equal_nan=True, err_msg=col
            )


def test_anhoej_thresholds_match_qicharts2() -> None:
    with open(reference_dir() / "anhoej_thresholds.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    longest, crossings = anhoej_table(200)
    for row in rows:
        k = int(row["n.useful"])
        assert longest[k] == float(row["longest.run.max"])
        assert crossings[k] == float(row["n.crossings.min"])
