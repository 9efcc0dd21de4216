"""Writers: each takes a table's rows a chunk at a time and leaves files in the export's folder.

CSV, XLSX (openpyxl's write-only workbook) and Parquet (row groups) never hold more than a chunk.
SPSS and Stata files are written whole by pyreadstat, so those two hold one table at a time (never the
whole export). Categorical columns become numbered codes with value labels in SPSS and Stata
(1 = the first allowed value of the codebook); booleans are 0/1 everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from breakthrough.core.spreadsheets import FORMULA_START, neutralise
from breakthrough.exports.columns import Column

__all__ = ["FORMULA_START", "neutralise"]  # the one helper lives in core (every CSV download uses it)


def value_codes(column: Column) -> dict[Any, int]:
    """A categorical column's values numbered from 1 in the codebook's order, for SPSS and Stata."""
    if column.type == "boolean" or not column.values:
        return {}
    return {value: n for n, value in enumerate(column.values, start=1)}


class Writer:
    suffix = ""

    def __init__(self, folder: Path, *, excel_bom: bool = False) -> None:
        self.folder = folder
        self.excel_bom = excel_bom
        self.files: list[Path] = []

    def begin(self, name: str, columns: list[Column]) -> None:
        raise NotImplementedError

    def write(self, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def end(self) -> None:
        """The table is complete."""

    def close(self, codebook: list[dict[str, Any]]) -> None:
        """Every table is written; ``codebook`` is there for writers that keep it beside the tables."""


class CsvWriter(Writer):
    suffix = ".csv"

    def begin(self, name: str, columns: list[Column]) -> None:
        path = self.folder / f"{name}.csv"
        self.files.append(path)
        self._file = path.open("w", newline="", encoding="utf-8-sig" if self.excel_bom else "utf-8")
        self._names = [c.name for c in columns]
        self._csv = csv.writer(self._file)
        self._csv.writerow(self._names)

    def write(self, rows: list[dict[str, Any]]) -> None:
        self._csv.writerows([[_csv_cell(row[n]) for n in self._names] for row in rows])

    def end(self) -> None:
        self._file.close()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return neutralise(value)


class XlsxWriter(Writer):
    suffix = ".xlsx"

    def __init__(self, folder: Path, **kw: Any) -> None:
        from openpyxl import Workbook

        super().__init__(folder, **kw)
        self._book = Workbook(write_only=True)

    def begin(self, name: str, columns: list[Column]) -> None:
        self._sheet = self._book.create_sheet(title=name[:31])
        self._names = [c.name for c in columns]
        self._sheet.append(self._names)

    def write(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self._sheet.append([neutralise(row[n]) for n in self._names])

    def close(self, codebook: list[dict[str, Any]]) -> None:
        sheet = self._book.create_sheet(title="codebook")
        names = list(codebook[0]) if codebook else []
        sheet.append(names)
        for entry in codebook:
            sheet.append([neutralise(entry[n]) for n in names])
        path = self.folder / "tables.xlsx"
        self._book.save(path)
        self.files.append(path)


class ParquetWriter(Writer):
    suffix = ".parquet"

    def begin(self, name: str, columns: list[Column]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {
            "string": pa.string(),
            "integer": pa.int64(),
            "number": pa.float64(),
            "date": pa.date32(),
            "datetime": pa.timestamp("us"),
            "boolean": pa.int8(),
        }
        self._schema = pa.schema([pa.field(c.name, types[c.type]) for c in columns])
        path = self.folder / f"{name}.parquet"
        self.files.append(path)
        self._parquet = pq.ParquetWriter(path, self._schema)
        self._wrote = False

    def write(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa

        self._parquet.write_table(pa.Table.from_pylist(rows, schema=self._schema))
        self._wrote = True

    def end(self) -> None:
        if not self._wrote:
            self._parquet.write_table(self._schema.empty_table())
        self._parquet.close()


class StatWriter(Writer):
    """SPSS (.sav) or Stata (.dta) through pyreadstat, with variable and value labels."""

    def __init__(self, folder: Path, *, stata: bool, **kw: Any) -> None:
        super().__init__(folder, **kw)
        self.stata = stata
        self.suffix = ".dta" if stata else ".sav"

    def begin(self, name: str, columns: list[Column]) -> None:
        self._name, self._columns = name, columns
        self._codes = {c.name: value_codes(c) for c in columns}
        self._data: dict[str, list[Any]] = {c.name: [] for c in columns}

    def write(self, rows: list[dict[str, Any]]) -> None:
        for c in self._columns:
            codes, out = self._codes[c.name], self._data[c.name]
            for row in rows:
                value = row[c.name]
                out.append(codes.get(value) if codes and value is not None else value)

    def end(self) -> None:
        import pandas as pd
        import pyreadstat

        frame = pd.DataFrame({c.name: self._series(c) for c in self._columns})
        labels = {c.name: str(c.label)[: 80 if self.stata else 256] for c in self._columns}
        value_labels = {}
        for c in self._columns:
            if self._codes[c.name]:
                value_labels[c.name] = {n: str(c.values[v])[:80] for v, n in self._codes[c.name].items()}  # type: ignore[index]
            elif c.type == "boolean" and c.values:
                value_labels[c.name] = {int(k): str(v) for k, v in c.values.items()}
        path = self.folder / f"{self._name}{self.suffix}"
        if self.stata:
            pyreadstat.write_dta(
                frame, path, column_labels=labels, variable_value_labels=value_labels, version=15
            )
        else:
            pyreadstat.write_sav(frame, path, column_labels=labels, variable_value_labels=value_labels)
        self.files.append(path)
        self._data = {}

    def _series(self, c: Column) -> Any:
        import pandas as pd

        data = self._data[c.name]
        if self._codes[c.name] or c.type in ("integer", "number", "boolean"):
            return pd.Series(data, dtype="float64")  # missing stays missing (system-missing / .)
        if c.type == "date":
            return pd.to_datetime(pd.Series(data, dtype="object"))
        if c.type == "datetime":
            return pd.to_datetime(pd.Series(data, dtype="object"))
        return pd.Series(["" if v is None else str(v) for v in data], dtype="object")


def writer_for(fmt: str, folder: Path, *, excel_bom: bool = False) -> Writer:
    if fmt == "csv":
        return CsvWriter(folder, excel_bom=excel_bom)
    if fmt == "xlsx":
        return XlsxWriter(folder)
    if fmt == "parquet":
        return ParquetWriter(folder)
    if fmt in ("sav", "dta"):
        return StatWriter(folder, stata=fmt == "dta")
    raise ValueError(f"unknown export format {fmt!r}")


FORMATS = ("csv", "xlsx", "parquet", "sav", "dta")
