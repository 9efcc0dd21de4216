"""`breakthrough spc chart` through click's CliRunner, with real SVG and PNG files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from breakthrough.cli import main

EVENTS = [3, 5, 4, 6, 15, 5, 4, 6, 5, 4, 3, 5]
CASES = [40, 42, 38, 41, 40, 44, 39, 45, 40, 41, 42, 43]
P_ARGS = ["--chart", "p", "--y", "events", "--n", "cases", "--x", "month"]
CSV = "month,events,cases,team\n" + "".join(
    f"2024-{m:02d}-01,{e},{c},{t}\n"
    for t in ("A", "B")
    for m, e, c in zip(range(1, 13), EVENTS, CASES, strict=True)
)  # fmt: skip


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_chart_prints_the_table(data: Path) -> None:
    result = CliRunner().invoke(main, ["spc", "chart", str(data), *P_ARGS, "--facet", "team"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "sigma_signal" in result.output
    assert "2024-05-01" in result.output


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_chart_writes_a_picture(data: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"chart.{suffix}"
    result = CliRunner().invoke(main, ["spc", "chart", str(data), *P_ARGS, "--part", "6", "--out", str(out)])  # fmt: skip  # noqa: E501
    assert result.exit_code == 0, result.output
    content = out.read_bytes()
    if suffix == "svg":
        assert content.startswith(b"<svg")
        assert b"P chart of events / cases" in content
    else:
        assert content.startswith(b"\x89PNG")


def test_unknown_column_is_named(data: Path) -> None:
    result = CliRunner().invoke(main, ["spc", "chart", str(data), "--y", "nope"])
    assert result.exit_code != 0
    assert "'nope'" in result.output


def test_bad_number_names_column_and_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("y\n1\n2\nabc\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["spc", "chart", str(path), "--y", "y"])
    assert result.exit_code != 0
    assert "row 4" in result.output
    assert "'y'" in result.output
