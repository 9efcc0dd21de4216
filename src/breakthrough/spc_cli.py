"""`breakthrough spc …`: charts from a CSV file, without Django."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd

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
        _render(spec, out)
        click.echo(f"wrote {out}")


def _render(spec: dict[str, Any], out: Path) -> None:
    import vl_convert as vlc

    if out.suffix.lower() == ".svg":
        out.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    else:
        out.write_bytes(vlc.vegalite_to_png(spec, scale=2))


def _column_values(column: pd.Series) -> list[Any]:
    """A column as plain JSON values: ISO dates, None for missing or infinite numbers, Python scalars."""
    if pd.api.types.is_datetime64_any_dtype(column):
        return [None if pd.isna(v) else v for v in column.dt.strftime("%Y-%m-%d").tolist()]
    if pd.api.types.is_float_dtype(column):
        values = column.to_numpy(dtype=float)
        return np.where(np.isfinite(values), values, None).tolist()
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_integer_dtype(column):
        return column.tolist()
    values = column.tolist()
    if set(map(type, values)) <= _PLAIN_TYPES:  # labels, ISO dates, reasons: nothing to convert
        return values
    return [_plain(v) for v in values]


_PLAIN_TYPES = {str, int, bool, type(None)}


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The table as Vega-Lite data rows, built column by column (a row loop costs ~10× more)."""
    names = [str(c) for c in df.columns]
    columns = [_column_values(df[c]) for c in df.columns]

    def flags(name: str) -> np.ndarray:
        return df[name].fillna(False).to_numpy(dtype=bool) if name in df else np.zeros(len(df), dtype=bool)

    names.append("signal")
    columns.append((flags("sigma_signal") | flags("long_run_signal") | flags("crossings_signal")).tolist())
    names.append("series")
    columns.append([f"{facet} · part {part}" for facet, part in zip(df["facet1"], df["part"], strict=True)])
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def chart_spec(df: pd.DataFrame, title: str) -> dict[str, Any]:
    """A Vega-Lite spec of a ``qic()`` table: points, centre line, limits, signal points coloured.

    Points outside the limits or in a too-long run / too-few-crossings phase are orange; lines are
    drawn per facet and phase, and facets become rows of small multiples.
    """
    values = _records(df)
    x_type = "temporal" if values and isinstance(values[0]["x"], str) and _is_date(values[0]["x"]) else (
        "ordinal" if values and isinstance(values[0]["x"], str) else "quantitative")  # fmt: skip
    x = {"field": "x", "type": x_type, "title": None}
    line = {
        "mark": {"type": "line", "color": "#5DA5DA"},
        "encoding": {
            "x": x,
            "y": {"field": "y", "type": "quantitative", "title": None},
            "detail": {"field": "series"},
        },
    }
    layers: list[dict[str, Any]] = [line]
    for field, dash in (("cl", []), ("lcl", [4, 3]), ("ucl", [4, 3])):
        layers.append({"mark": {"type": "line", "color": "#777777", "strokeDash": dash, "interpolate": "step-after"},  # noqa: E501
                       "encoding": {"x": x, "y": {"field": field, "type": "quantitative"},
                                    "detail": {"field": "series"}}})  # fmt: skip
    layers.append(
        {
            "mark": {"type": "point", "filled": True, "size": 40},
            "encoding": {
                "x": x,
                "y": {"field": "y", "type": "quantitative"},
                "color": {
                    "field": "signal",
                    "type": "nominal",
                    "scale": {"domain": [False, True], "range": ["#5DA5DA", "#FAA43A"]},
                    "legend": {"title": "signal"},
                },
                "tooltip": [
                    {"field": "x"},
                    {"field": "y"},
                    {"field": "cl"},
                    {"field": "lcl"},
                    {"field": "ucl"},
                ],
            },
        }
    )
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "data": {"values": values},
        "width": 560,
        "height": 220,
    }
    if len({v["facet1"] for v in values}) > 1:
        spec["facet"] = {"row": {"field": "facet1", "type": "nominal", "title": None}}
        spec["spec"] = {"layer": layers, "width": 560, "height": 160}
        del spec["width"], spec["height"]
    else:
        spec["layer"] = layers
    return spec


def _is_date(text: str) -> bool:
    try:
        pd.Timestamp(text)
    except (ValueError, TypeError):
        return False
    return len(text) >= 8 and text[:4].isdigit()
