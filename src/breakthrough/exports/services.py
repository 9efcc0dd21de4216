"""Running an export: check what the person may take out, write the tables chunk by chunk, zip from disk."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import export_reach
from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.audit import audit_record
from breakthrough.core.models import AuditRecord
from breakthrough.exports import study_tables as st
from breakthrough.exports import tables as it
from breakthrough.exports.codebook import CODEBOOK_FIELDS, codebook_rows, r_script, readme
from breakthrough.exports.columns import Column, Context, Table, registry
from breakthrough.exports.incident_table import INCIDENTS
from breakthrough.exports.models import Export
from breakthrough.exports.writers import FORMATS, CsvWriter, writer_for

TABLES = registry(
    it.MEASURES,
    it.VALUES,
    it.REPORTS,
    it.CYCLES,
    it.ATTENDANCE,
    it.ASSESSMENTS,
    st.RESPONSES,
    st.ANSWERS,
    st.SCORES,
    st.OBSERVATIONS,
    st.OBSERVATION_SCORES,
    st.DOUBLE_CODINGS,
    st.EXCERPTS,
    st.EXCERPT_CODES,
    INCIDENTS,
    st.SUMMARY,
)
"""Every table, in the order an export writes them."""

Progress = Callable[[int, int], None]  # rows written so far, rows in all


def export_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def tables_for(user: Any, collaborative: Collaborative) -> list[Table]:
    """The tables this person may export from this collaborative (an observer's are blind)."""
    groups = export_reach(user, collaborative).groups
    return [t for t in TABLES.values() if t.group in groups]


def _check(
    *, user: Any, collaborative: Collaborative, names: list[str] | None, fmt: str, identified: bool
) -> tuple[list[Table], bool]:
    reach = export_reach(user, collaborative)
    allowed = tables_for(user, collaborative)
    errors: dict[str, Any] = {}
    if fmt not in FORMATS:
        errors["format"] = _("Choose one of: %(formats)s.") % {"formats": ", ".join(FORMATS)}
    if not allowed:
        errors["tables"] = _("You may not export data from this collaborative.")
    chosen = allowed
    if names:
        unknown = [n for n in names if n not in {t.name for t in allowed}]
        if unknown:
            errors["tables"] = _("These tables are unknown or not yours to export: %(names)s.") % {
                "names": ", ".join(unknown)
            }
        chosen = [t for t in allowed if t.name in names]
    if identified and not reach.identified:
        errors["identified"] = _(
            "Your role exports de-identified data only (study codes, no names or emails)."
        )
    if errors:
        raise ValidationError(errors)
    return chosen, reach.blind


def export_create(
    *,
    user: Any,
    collaborative: Collaborative,
    fmt: str,
    tables: list[str] | None = None,
    identified: bool = False,
    free_text: bool = False,
    shift_dates: bool = False,
    excel_bom: bool = False,
) -> Export:
    """Record an export (who, what, when) once the person may take it out; ``export_run`` writes it."""
    chosen, _blind = _check(
        user=user, collaborative=collaborative, names=tables, fmt=fmt, identified=identified
    )
    with transaction.atomic():
        export = Export.objects.create(
            collaborative=collaborative,
            user=user,
            format=fmt,
            tables=[t.name for t in chosen],
            identified=identified,
            free_text=free_text,
            shift_dates=shift_dates,
            excel_bom=excel_bom,
        )
        audit_record(obj=export, by=user, action=AuditRecord.Action.EXPORT)
    return export


def rows_of(export: Export) -> int:
    """How many rows an export will write (one count query per table)."""
    chosen, blind = _check(
        user=export.user,
        collaborative=export.collaborative,
        names=export.tables,
        fmt=export.format,
        identified=export.identified,
    )
    ctx = Context(
        collaborative=export.collaborative, user=export.user, identified=export.identified, blind=blind
    )
    return sum(t.count(ctx) for t in chosen)


def export_run(*, export: Export, out_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """Write the export's tables to a temporary folder a chunk at a time, then zip them from disk."""
    chosen, blind = _check(
        user=export.user,
        collaborative=export.collaborative,
        names=export.tables,
        fmt=export.format,
        identified=export.identified,
    )
    ctx = Context(
        collaborative=export.collaborative,
        user=export.user,
        identified=export.identified,
        free_text=export.free_text,
        shift_dates=export.shift_dates,
        blind=blind,
    )
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING)
    try:
        path = _write(export, ctx, chosen, out_dir or export_dir(), progress)
    except Exception:
        Export.objects.filter(pk=export.pk).update(status=Export.Status.FAILED)
        raise
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.DONE, file_name=path.name, finished_at=timezone.now()
    )
    return path


def _write(
    export: Export, ctx: Context, chosen: list[Table], out_dir: Path, progress: Progress | None
) -> Path:
    counts = {t.name: t.count(ctx) for t in chosen}
    total, done = sum(counts.values()), 0
    Export.objects.filter(pk=export.pk).update(rows_total=total)
    work = Path(tempfile.mkdtemp(prefix="breakthrough-export-"))
    try:
        tables_dir = work / "tables"
        tables_dir.mkdir()
        writer = writer_for(export.format, tables_dir, excel_bom=export.excel_bom)
        columns: dict[str, list[Column]] = {}
        codebook: list[dict[str, Any]] = []
        for table in chosen:
            columns[table.name] = table.kept_columns(ctx)
            codebook += codebook_rows(table, columns[table.name])
            writer.begin(table.name, columns[table.name])
            for chunk in table.chunks(ctx):
                writer.write(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
                Export.objects.filter(pk=export.pk).update(rows_done=done)
            writer.end()
        writer.close(codebook)
        _write_codebook(work, codebook, export.excel_bom)
        first, last = _date_range(export.collaborative)
        (work / "README.txt").write_text(
            readme(ctx, fmt=export.format, tables=chosen, counts=counts, first=first, last=last),
            encoding="utf-8",
        )
        if export.format == "csv":
            (work / "read_tables.R").write_text(r_script(chosen, columns), encoding="utf-8")
        stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
        path = out_dir / f"{export.collaborative.slug}-{export.format}-{stamp}-{export.pk}.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(work.rglob("*")):
                if file.is_file():
                    archive.write(file, file.relative_to(work))  # streamed from disk, file by file
        return path
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_codebook(work: Path, codebook: list[dict[str, Any]], excel_bom: bool) -> None:
    writer = CsvWriter(work, excel_bom=excel_bom)
    fields = [Column(name, name) for name in CODEBOOK_FIELDS]
    writer.begin("codebook", fields)
    writer.write(codebook)
    writer.end()


def _date_range(collaborative: Collaborative) -> tuple[Any, Any]:
    periods = list(collaborative.periods.order_by("month"))
    return (
        (periods[0].month, periods[-1].end_date)
        if periods
        else (collaborative.start_date, collaborative.end_date)
    )
