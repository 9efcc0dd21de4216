"""The qicharts2-compatible face: inputs, facets, x types and errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from breakthrough.spc import qic, qic_summary

COLUMNS = ["facet1", "facet2", "part", "xx", "x", "y", "n", "cl", "lcl", "ucl", "lcl_95", "ucl_95", "baseline",  # noqa: E501
           "include", "sigma_signal", "runs_signal", "n_obs", "n_useful", "longest_run", "longest_run_max",
           "n_crossings", "n_crossings_min"]  # fmt: skip


def test_output_has_qicharts2_columns() -> None:
    df = qic(y=[1, 2, 3, 4, 5])
    assert set(COLUMNS) <= set(df.columns)
    assert df["xx"].tolist() == [1, 2, 3, 4, 5]


def test_rows_are_aggregated_per_x() -> None:
    df = qic([1, 1, 2, 2, 3], [1.0, 3, 5, 7, 9], chart="i", agg_fun="sum")
    assert df["y"].tolist() == [4.0, 12.0, 9.0]
    assert df["y_length"].tolist() == [2, 2, 1]


def test_categorical_x_keeps_category_order_and_has_no_runs_signal() -> None:
    x = pd.Categorical(["b", "a", "c"] * 4, categories=["c", "b", "a"])
    df = qic(x, np.arange(12.0), chart="i")
    assert df["x"].tolist() == ["c", "b", "a"]
    assert not df["runs_signal"].any()


def test_two_facets_make_independent_charts() -> None:
    f1 = np.repeat(["A", "B"], 12)
    y = np.r_[np.arange(12.0), np.arange(12.0) * 10]
    df = qic(np.tile(np.arange(12), 2), y, facets=f1, chart="i")
    s = qic_summary(df)
    assert s["facet1"].tolist() == ["A", "B"]
    assert df.groupby("facet1")["cl"].first().tolist() == [5.5, 55.0]


def test_part_labels_start_a_phase_where_a_new_label_appears() -> None:
    df = qic(y=np.arange(10.0), part=["a"] * 4 + ["b"] * 6)
    assert df["part"].tolist() == [1] * 4 + [2] * 6


def test_dates_are_sorted() -> None:
    x = pd.to_datetime(["2024-03-01", "2024-01-01", "2024-02-01"])
    df = qic(x, [3.0, 1, 2])
    assert df["y"].tolist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"y": [1, 2], "chart": "z"}, "chart"),
        ({"y": [1, 2], "agg_fun": "max"}, "agg_fun"),
        ({"x": [1, 2, 3], "y": [1, 2]}, "x has 3"),
        ({"y": [1, "a"]}, r"y\[1\]"),
        ({"y": [1.0, 0.0, 2.0], "chart": "t"}, "Time between events"),
        ({}, "Missing"),
    ],
)
def test_bad_input_names_argument_and_position(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        qic(**kwargs)
