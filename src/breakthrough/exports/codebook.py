"""What travels beside the tables: the codebook, the README and the R script that applies the labels."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from breakthrough.exports.columns import Column, Context, Table
from breakthrough.exports.writers import value_codes

CODEBOOK_FIELDS = ("table", "variable", "label", "type", "values", "codes", "unit", "source", "definition")


def codebook_rows(table: Table, columns: list[Column]) -> list[dict[str, Any]]:
    rows = []
    for c in columns:
        values = " | ".join(f"{v} = {label}" for v, label in (c.values or {}).items())
        codes = value_codes(c)
        rows.append(
            {
                "table": table.name,
                "variable": c.name,
                "label": str(c.label),
                "type": c.type,
                "values": values,
                "codes": " | ".join(f"{n} = {v}" for v, n in codes.items()),
                "unit": c.unit,
                "source": c.source,
                "definition": c.definition,
            }
        )
    return rows


def readme(
    ctx: Context, *, fmt: str, tables: list[Table], counts: dict[str, int], first: Any, last: Any
) -> str:
    return render_to_string(
        "exports/README.txt",
        {
            "ctx": ctx,
            "collaborative": ctx.collaborative,
            "fmt": fmt,
            "tables": [(t, counts[t.name]) for t in tables],
            "first": first,
            "last": last,
            "threshold": ctx.collaborative.small_cell_threshold,
            "time_zone": settings.TIME_ZONE,
        },
    )


def r_script(tables: list[Table], columns: dict[str, list[Column]]) -> str:
    """An R script that reads the CSVs and applies the codebook's value labels as factors."""
    entries = []
    for t in tables:
        labelled = []
        for c in columns[t.name]:
            if c.values:
                levels = ", ".join(_r(str(v)) for v in c.values)
                labels = ", ".join(_r(str(label)) for label in c.values.values())
                labelled.append({"name": c.name, "levels": levels, "labels": labels})
        entries.append(
            {
                "name": t.name,
                "labelled": labelled,
                "dates": [c.name for c in columns[t.name] if c.type == "date"],
            }
        )
    return render_to_string("exports/read_tables.R", {"tables": entries})


def _r(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
