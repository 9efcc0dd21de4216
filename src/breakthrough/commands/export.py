"""`breakthrough export`: a collaborative's datasets as a zip of tables, codebook and README."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command(name="export")
@click.option("--collaborative", "slug", required=True, help="The collaborative's short name (its slug).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "parquet", "sav", "dta"]),
    default="csv",
    show_default=True,
    help="csv (with an R script that applies the labels), xlsx, parquet, sav (SPSS) or dta (Stata).",
)
@click.option(
    "--tables", default="", help="Comma-separated table names (default: every table you may export)."
)
@click.option(
    "--identified", is_flag=True, help="Names and emails instead of study codes (project staff only)."
)
@click.option("--free-text", is_flag=True, help="Include free text (narratives, notes, PDSA text, excerpts).")
@click.option("--shift-dates", is_flag=True, help="Shift each respondent's dates by a stable offset.")
@click.option("--excel", is_flag=True, help="Write CSV files with a byte-order mark, for Excel.")
@click.option(
    "--as", "username", required=True, help="The person the export is for (their permissions apply)."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The folder the zip is written to.",
)
def export(
    slug: str,
    fmt: str,
    tables: str,
    identified: bool,
    free_text: bool,
    shift_dates: bool,
    excel: bool,
    username: str,
    out: Path,
) -> None:
    """Export a collaborative's datasets with their codebook (recorded in the audit trail).

    Every table is written a chunk at a time and zipped from disk, so the export never sits in memory.
    """
    from breakthrough.commands.django_setup import setup_django

    setup_django()
    from django.core.exceptions import ValidationError

    from breakthrough.collaboratives.models import Collaborative
    from breakthrough.core.models import User
    from breakthrough.exports import services

    collaborative = Collaborative.objects.filter(slug=slug).first()
    if collaborative is None:
        raise click.BadParameter(f"no collaborative {slug!r}", param_hint="--collaborative")
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.BadParameter(f"no active person {username!r}", param_hint="--as")
    names = [t.strip() for t in tables.split(",") if t.strip()] or None
    try:
        record = services.export_create(
            user=user,
            collaborative=collaborative,
            fmt=fmt,
            tables=names,
            identified=identified,
            free_text=free_text,
            shift_dates=shift_dates,
            excel_bom=excel,
        )
    except ValidationError as exc:
        raise click.UsageError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
    out.mkdir(parents=True, exist_ok=True)
    with click.progressbar(length=1, label="Exporting", file=sys.stderr) as bar:
        state = {"done": 0}

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - state["done"])
            state["done"] = done

        path = services.export_run(export=record, out_dir=out, progress=progress)
    click.echo(str(path))
