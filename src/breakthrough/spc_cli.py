"""`breakthrough spc …`: charts from a CSV file, without Django."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd

from breakthrough.charts import chart_spec, write_chart
from breakthrough.spc import CHART_TYPES, qic

SHOWN = ["facet1", "part", "xx", "x", "y", "n", "cl", "lcl", "ucl", "sigma_signal", "runs_signal"]


@click.group()
def spc() -> None:
    """Run and control charts from a CSV file (no database needed)."""


def _column(frame: pd.DataFrame, name: str | None, option: str) -> pd.Series | None:
    if name is None:
        return None
    if name not in frame.columns:
        raise click.BadParameter(f"no column {name!r} in the CSV (columns: {', '.join(frame.columns)})",
                                 param_hint=option)  # fmt: skip
    return frame[name]


def _numbers(series: pd.Series | None, option: str) -> np.ndarray | None:
    if series is None:
        return None
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & series.notna() & (series.astype(str).str.strip() != "")
    if bad.any():
        row = int(np.argmax(bad.to_numpy()))
        message = f"column {series.name!r}, row {row + 2}: {series.iloc[row]!r} is not a number"
        raise click.BadParameter(message, param_hint=option)
    return values.to_numpy(dtype=float)


def _x(series: pd.Series | None) -> Any:
    if series is None:
        return None
    numeric = pd.to_numeric(series, errors="coerce")
    if numeric.notna().all():
        return numeric.to_numpy(dtype=float)
    dates = pd.to_datetime(series, errors="coerce", format="ISO8601")
    if dates.notna().all():
        return dates.to_numpy()
    return series.astype(str).to_numpy(dtype=object)


@spc.command()
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--chart", type=click.Choice(CHART_TYPES), default="run", show_default=True)
@click.option("--y", "y_col", required=True, help="Column of values (numerators with --n).")
@click.option("--n", "n_col", help="Column of denominators.")
@click.option("--x", "x_col", help="Column of subgroups (numbers, dates or categories).")
@click.option("--facet", "facet_col", help="Column of facet labels (one chart per label).")
@click.option("--part", multiple=True, type=int, help="Position after which a new phase starts (repeatable).")
@click.option("--freeze", type=int, help="Last position of the baseline.")
@click.option(
    "--exclude", multiple=True, type=int, help="Position left out of the calculations (repeatable)."
)
@click.option("--multiply", type=float, default=1.0, show_default=True)
@click.option(
    "--method", type=click.Choice(["anhoej", "bestbox", "cutbox"]), default="anhoej", show_default=True
)
@click.option("--title", help="Chart title (default: chart type and column).")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the chart (.svg or .png)."
)
def chart(csv_file: Path, chart: str, y_col: str, n_col: str | None, x_col: str | None, facet_col: str | None,
          part: tuple[int, ...], freeze: int | None, exclude: tuple[int, ...], multiply: float, method: str,
          title: str | None, out: Path | None) -> None:  # fmt: skip
    """Compute a chart from CSV_FILE, print its table, and optionally draw it."""
    if out is not None and out.suffix.lower() not in (".svg", ".png"):
        raise click.BadParameter("the file name must end in .svg or .png", param_hint="--out")
    try:
        frame = pd.read_csv(csv_file)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot read {csv_file}: {exc}") from None
    y = _numbers(_column(frame, y_col, "--y"), "--y")
    n = _numbers(_column(frame, n_col, "--n"), "--n")
    x = _x(_column(frame, x_col, "--x"))
    facets = _column(frame, facet_col, "--facet")
    try:
        df = qic(x, y, n, chart=chart, facets=None if facets is None else facets.astype(str).to_numpy(),
                 part=list(part) or None, freeze=freeze, exclude=list(exclude) or None, multiply=multiply,
                 method=method)  # fmt: skip
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(df[SHOWN].to_string(index=False))
    if out is not None:
        spec = chart_spec(df, title or f"{chart.upper()} chart of {y_col}" + (f" / {n_col}" if n_col else ""))
        write_chart(spec, out)
        click.echo(f"wrote {out}")
