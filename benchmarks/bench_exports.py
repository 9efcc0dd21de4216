"""Exports and imports: a full export of a 1,000-team synthetic collaborative in every format, and a
10,000-row values import (preview, then apply), with time and peak memory.

The collaborative: 1,000 teams × 10 measures × 12 months (11 reported, 110,000 values; the 12th is what the
import fills: 1,000 teams × 10 measures = 10,000 rows of a long CSV). Peers, measured in the same run:
pandas ``read_sql`` + ``to_csv`` of the same two tables (values joined to their report, team, month and
measure; reports), holding each table whole in memory; and ``pandas.read_csv`` of the import file, the floor
of reading it. Peak memory is the peak of Python's allocations (tracemalloc, a run of its own so it does not
slow the timed run). SQLite, in a fresh data directory, in a process of its own.

Run: ``python benchmarks/run.py exports`` (all benchmarks: ``./dev bench``), or this file directly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEAMS, MEASURES, MONTHS = 1_000, 10, 12
FORMATS = ("csv", "xlsx", "parquet", "sav", "dta")


def _build() -> tuple[Any, Any]:
    import datetime as dt
    from decimal import Decimal

    import numpy as np
    from django.db import transaction
    from django.utils import timezone

    from breakthrough.collaboratives.models import Membership, Program, Role, Team
    from breakthrough.collaboratives.services import collaborative_create
    from breakthrough.core.models import User
    from breakthrough.measures.models import MeasureValue, MeasureVersion, MonthlyReport
    from breakthrough.measures.services import measure_create

    rng = np.random.default_rng(12)
    with transaction.atomic():
        staff = User.objects.create(username="bench-staff", first_name="Bench", last_name="Staff")
        collab = collaborative_create(
            by=staff, name="Bench exports", slug="bench-exports", topic="SEL", start_date=dt.date(2025, 1, 1)
        )
        Membership.objects.create(user=staff, collaborative=collab, role=Role.PROJECT_STAFF)
        units = ["percent", "percent", "percent", "rate", "count", "mean", "mean", "count", "percent", "rate"]
        measures = []
        for k, unit in enumerate(units[:MEASURES]):
            ratio = unit in ("percent", "rate")
            definition = {
                "definition": f"synthetic measure {k}",
                "numerator_definition": "n" if ratio else "",
                "denominator_definition": "d" if ratio else "",
                "unit": unit,
                "multiplier": 100 if unit == "percent" else 1,
                "goal": Decimal("50"),
            }
            measures.append(
                measure_create(
                    by=staff,
                    effective_from=collab.start_date,
                    collaborative=collab,
                    code=f"m{k}",
                    name=f"Measure {k}",
                    kind="process",
                    better="up",
                    order=k,
                    definition=definition,
                )
            )
        versions = {v.measure_id: v for v in MeasureVersion.objects.filter(measure__in=measures)}
        programs = Program.objects.bulk_create(
            [Program(name=f"Program {i}", kind=Program.Kind.CHILD_CARE_CENTER) for i in range(TEAMS)]
        )
        Team.objects.bulk_create(
            [Team(collaborative=collab, program=p, name=f"Team {i:04d}") for i, p in enumerate(programs)]
        )
        teams = list(Team.objects.filter(collaborative=collab).order_by("id"))
        periods = list(collab.periods.order_by("month"))[: MONTHS - 1]
        MonthlyReport.objects.bulk_create(
            [
                MonthlyReport(
                    team=t,
                    period=p,
                    status="submitted",
                    submitted_by=staff,
                    submitted_at=timezone.make_aware(dt.datetime.combine(p.due_date, dt.time(9))),
                )
                for t in teams
                for p in periods
            ],
            batch_size=2000,
        )
        reports = list(
            MonthlyReport.objects.filter(team__collaborative=collab).order_by("team_id", "period__month")
        )
        values = []
        for measure in measures:
            ratio = versions[measure.pk].has_denominator
            den = rng.integers(40, 120, len(reports))
            num = rng.binomial(den, 0.5)
            for i, report in enumerate(reports):
                entry = (
                    {"numerator": Decimal(int(num[i])), "denominator": Decimal(int(den[i]))}
                    if ratio
                    else {"value": Decimal(int(num[i]) // 10)}
                )
                values.append(
                    MeasureValue(
                        report=report, measure=measure, measure_version=versions[measure.pk], **entry
                    )
                )
        MeasureValue.objects.bulk_create(values, batch_size=5000)
    return collab, staff


def _measure(fn: Callable[[], Any], *, trace: bool = True) -> dict[str, float]:
    """Time of one run; the peak of Python's allocations in a second, traced run (``trace``)."""
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    peak = float("nan")
    if trace:
        tracemalloc.start()
        fn()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"{seconds:.1f} s, peak {peak / 2**20:.1f} MiB", file=sys.stderr, flush=True)
    return {"seconds": seconds, "peak_mb": peak / 2**20}


def _peer_export(collab: Any, out: Path) -> None:
    """The naive way: each table read whole into a DataFrame, then written."""
    import pandas as pd
    from django.db import connection

    values = (
        "SELECT v.id AS value_id, r.team_id, t.name AS team, p.month, m.code AS measure, "
        "mv.number AS version, mv.unit, v.numerator, v.denominator, v.value, r.status AS report_status "
        "FROM measures_measurevalue v "
        "JOIN measures_monthlyreport r ON r.id = v.report_id JOIN collaboratives_team t ON t.id = r.team_id "
        "JOIN collaboratives_period p ON p.id = r.period_id JOIN measures_measure m ON m.id = v.measure_id "
        "JOIN measures_measureversion mv ON mv.id = v.measure_version_id WHERE t.collaborative_id = %s"
    )
    reports = (
        "SELECT r.id AS report_id, r.team_id, t.name AS team, p.month, p.due_date, r.status, r.submitted_at, "
        "r.reviewed_at FROM measures_monthlyreport r JOIN collaboratives_team t ON t.id = r.team_id "
        "JOIN collaboratives_period p ON p.id = r.period_id WHERE t.collaborative_id = %s"
    )
    for name, sql in (("monthly_values", values), ("reports", reports)):
        frame = pd.read_sql(sql.replace("%s", str(int(collab.pk))), connection.connection)
        frame.to_csv(out / f"{name}.csv", index=False)


def _export(collab: Any, staff: Any, fmt: str, out: Path, tables: list[str] | None = None) -> None:
    from breakthrough.exports import services

    export = services.export_create(user=staff, collaborative=collab, fmt=fmt, tables=tables)
    services.export_run(export=export, out_dir=out)


def _import_file(collab: Any) -> bytes:
    month = collab.periods.order_by("month").last().month
    lines = ["team,month,measure,numerator,denominator,value"]
    for t in collab.teams.order_by("id"):
        for k in range(MEASURES):
            if k in (4, 5, 6, 7):
                lines.append(f"{t.name},{month:%Y-%m},m{k},,,{k + 3}")
            else:
                lines.append(f"{t.name},{month:%Y-%m},m{k},{30 + k},{100 + k},")
    return ("\n".join(lines) + "\n").encode()


def measure_backend() -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breakthrough.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from breakthrough.imports import services as imports
    from breakthrough.imports.models import ImportBatch
    from breakthrough.measures.models import MeasureValue

    start = time.perf_counter()
    collab, staff = _build()
    result: dict[str, Any] = {"build": time.perf_counter() - start, "exports": {}}
    result["values"] = MeasureValue.objects.filter(report__team__collaborative=collab).count()
    out = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    for fmt in FORMATS:
        # Peak memory traced for the streaming writers' kind (CSV) and the whole-table one (SPSS); the machine
        # is shared, so the other formats are timed once each.
        traced = fmt in ("csv", "sav")
        result["exports"][fmt] = _measure(lambda fmt=fmt: _export(collab, staff, fmt, out), trace=traced)
        zips = sorted(out.glob(f"*-{fmt}-*.zip"), key=lambda p: p.stat().st_mtime)
        result["exports"][fmt]["zip_mb"] = zips[-1].stat().st_size / 2**20
    result["two_tables"] = _measure(lambda: _export(collab, staff, "csv", out, ["monthly_values", "reports"]))
    result["peer"] = _measure(lambda: _peer_export(collab, out))
    data = _import_file(collab)
    import io

    import pandas as pd

    result["read_csv"] = _measure(lambda: pd.read_csv(io.BytesIO(data)))
    timings = {}
    start = time.perf_counter()
    batch, plan = imports.import_preview(
        by=staff, collaborative=collab, kind="values", file_name="v.csv", data=data
    )
    timings["preview"] = time.perf_counter() - start
    assert plan is not None
    assert not plan.problems, plan.problems[:3]
    start = time.perf_counter()
    imports.import_apply(batch=batch, by=staff)
    timings["apply"] = time.perf_counter() - start
    result["import_rows"] = len(data.splitlines()) - 1
    result["after_import"] = MeasureValue.objects.filter(report__team__collaborative=collab).count()
    tracemalloc.start()
    again, plan2 = imports.import_preview(
        by=staff, collaborative=collab, kind="values", file_name="v.csv", data=data
    )
    _c, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    start = time.perf_counter()
    imports.import_apply(batch=again, by=staff)
    timings["reapply"] = time.perf_counter() - start
    timings["preview_peak_mb"] = peak / 2**20
    timings["unchanged"] = len(plan2.unchanged) if plan2 else -1
    timings["batches"] = ImportBatch.objects.count()
    result["import"] = timings
    return result


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def run() -> str:
    data_dir = tempfile.mkdtemp(prefix="bench-exports-data-")
    env = {
        **os.environ,
        "DATABASE_URL": "",
        "BREAKTHROUGH_DATA_DIR": data_dir,
        "DEBUG": "",
        "TASKS_BACKEND": "immediate",
    }
    proc = subprocess.run(
        [_python(), __file__, "--backend"], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    lines = [
        "## Exports and imports (`bench_exports.py`)",
        "",
        f"A synthetic collaborative of {TEAMS:,} teams × {MEASURES} measures × {MONTHS - 1} reported months "
        f"({r['values']:,} values, {TEAMS * (MONTHS - 1):,} reports), SQLite. Peak is Python's peak "
        "allocation (tracemalloc) during the run; time is a separate run without tracing.",
        "",
        "| full export (every table the staff may take out) | time (s) | peak memory (MiB) | zip (MiB) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for fmt in FORMATS:
        e = r["exports"][fmt]
        peak = "–" if e["peak_mb"] != e["peak_mb"] else f"{e['peak_mb']:.1f}"  # NaN: not traced
        lines.append(f"| {fmt} | {e['seconds']:.1f} | {peak} | {e['zip_mb']:.1f} |")
    t, p = r["two_tables"], r["peer"]
    lines += [
        "",
        "| monthly values and reports as CSV | time (s) | peak memory (MiB) |",
        "| --- | ---: | ---: |",
        f"| `breakthrough export --tables monthly_values,reports` (chunks of 2,000 rows, codebook, zip) "
        f"| {t['seconds']:.1f} | {t['peak_mb']:.1f} |",
        f"| peer: pandas `read_sql` + `to_csv` of the same two tables (no codebook, no zip) "
        f"| {p['seconds']:.1f} | {p['peak_mb']:.1f} |",
        "",
        f"Import of a {r['import_rows']:,}-row values file (one value a row, {TEAMS:,} team-months): preview "
        f"{r['import']['preview']:.1f} s (peak {r['import']['preview_peak_mb']:.1f} MiB), apply "
        f"{r['import']['apply']:.1f} s through the measures services (report_open + report_save, audited, "
        f"one transaction); values {r['values']:,} → {r['after_import']:,}. The same file again: "
        f"{r['import']['unchanged']:,} team-months left alone, applied in {r['import']['reapply']:.1f} s. "
        f"Peer: pandas `read_csv` of the file, {r['read_csv']['seconds']:.2f} s "
        f"(peak {r['read_csv']['peak_mb']:.1f} MiB), the floor of reading it.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if "--backend" in sys.argv:
        print(json.dumps(measure_backend()))
    else:
        print(run())
