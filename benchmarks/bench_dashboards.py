"""Dashboards: server time of the collaborative dashboard and its summary table against the floor.

A synthetic collaborative (the demo's patterns scaled up: shift, flat, noisy, trend) with 10, 100 and 1,000
teams × 10 measures × 36 months is written to a fresh database, on SQLite and on a throwaway PostgreSQL
server (started as ``./dev`` does, skipped with a note if it cannot start). The floor is one SQL query
reading the same value rows (numerator, denominator, value, team, month, measure). Each backend runs in
its own process, because Django reads the database URL once.

Run: ``python benchmarks/run.py dashboards`` (all benchmarks: ``./dev bench``), or this file directly.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = (10, 100, 1_000)
MEASURES = 10
MONTHS = 36
REPEAT = 3


# --- inside one backend's process -----------------------------------------------------------------------


def _build(n_teams: int) -> tuple[Any, Any]:
    """A collaborative of ``n_teams`` teams with every month reported (values by bulk insert)."""
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

    rng = np.random.default_rng(n_teams)
    with transaction.atomic():
        staff = User.objects.create(username=f"bench-staff-{n_teams}")
        collab = collaborative_create(
            by=staff,
            name=f"Bench {n_teams}",
            slug=f"bench-{n_teams}",
            topic="SEL",
            start_date=dt.date(2024, 1, 1),
            months=MONTHS,
        )
        Membership.objects.create(user=staff, collaborative=collab, role=Role.PROJECT_STAFF)
        units = ["percent", "percent", "percent", "rate", "count", "mean", "mean", "count", "percent", "rate"]
        measures = []
        for k in range(MEASURES):
            ratio = units[k] in ("percent", "rate")
            definition = {
                "definition": "synthetic",
                "numerator_definition": "n" if ratio else "",
                "denominator_definition": "d" if ratio else "",
                "unit": units[k],
                "multiplier": 100 if units[k] == "percent" else 1,
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
                    better="up" if k % 3 else "down",
                    order=k,
                    definition=definition,
                )
            )
        versions = {v.measure_id: v for v in MeasureVersion.objects.filter(measure__in=measures)}
        programs = Program.objects.bulk_create(
            [Program(name=f"Program {i}", kind=Program.Kind.CHILD_CARE_CENTER) for i in range(n_teams)]
        )
        Team.objects.bulk_create(
            [Team(collaborative=collab, program=p, name=f"Team {i:04d}") for i, p in enumerate(programs)]
        )
        teams = list(Team.objects.filter(collaborative=collab).order_by("id"))
        periods = list(collab.periods.order_by("month"))
        reports = [
            MonthlyReport(
                team=t,
                period=p,
                status=MonthlyReport.Status.SUBMITTED,
                submitted_by=staff,
                submitted_at=timezone.make_aware(dt.datetime.combine(p.due_date, dt.time(9))),
            )
            for t in teams
            for p in periods
        ]
        MonthlyReport.objects.bulk_create(reports, batch_size=2000)
        reports = list(
            MonthlyReport.objects.filter(team__collaborative=collab).order_by("team_id", "period__month")
        )
        patterns = rng.integers(0, 4, n_teams)  # shift, flat, noisy, trend
        month = np.arange(MONTHS)
        values = []
        for k, measure in enumerate(measures):
            level = np.where(patterns[:, None] == 0, (month >= 12) * 0.25, 0.0)
            level = level + np.where(patterns[:, None] == 3, month / MONTHS * 0.25, 0.0)
            level = (
                0.4 + level + rng.normal(0, np.where(patterns == 2, 0.08, 0.03)[:, None], (n_teams, MONTHS))
            )
            p = np.clip(level, 0.02, 0.98)
            den = rng.integers(40, 120, (n_teams, MONTHS))
            num = rng.binomial(den, p)
            for idx, report in enumerate(reports):
                t, j = divmod(idx, MONTHS)
                if units[k] in ("percent", "rate"):
                    entry = {"numerator": Decimal(int(num[t, j])), "denominator": Decimal(int(den[t, j]))}
                else:
                    entry = {"value": Decimal(int(num[t, j] // 10))}
                version = versions[measure.pk]
                values.append(MeasureValue(report=report, measure=measure, measure_version=version, **entry))
        MeasureValue.objects.bulk_create(values, batch_size=5000)
    return collab, staff


def _floor(collab: Any) -> float:
    """One query reading the same value rows the dashboard reads."""
    from django.db import connection

    sql = (
        "SELECT v.measure_id, r.team_id, r.period_id, v.numerator, v.denominator, v.value "
        "FROM measures_measurevalue v JOIN measures_monthlyreport r ON r.id = v.report_id "
        "JOIN collaboratives_team t ON t.id = r.team_id WHERE t.collaborative_id = %s"
    )
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, [collab.pk])
            rows = cursor.fetchall()
        best = min(best, time.perf_counter() - start)
    assert len(rows) == collab.teams.count() * MEASURES * MONTHS
    return best


def _page(client: Any, url: str) -> dict[str, float | int]:
    """One page: the first request (charts rendered), then the best of later ones with the analysed data
    reused (its fingerprint unchanged) and with the data read and analysed again (SVGs cached)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from breakthrough.dashboards import panels

    def timed(clear: bool) -> tuple[float, int]:
        best, queries = float("inf"), 0
        for _ in range(REPEAT):
            if clear:
                panels.clear_cache()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                assert client.get(url).status_code == 200
                best = min(best, time.perf_counter() - start)
            queries = len(captured)
        return best, queries

    panels.clear_cache()
    start = time.perf_counter()
    assert client.get(url).status_code == 200
    first = time.perf_counter() - start
    uncached, queries = timed(clear=True)
    cached, _ = timed(clear=False)
    return {"first": first, "uncached": uncached, "cached": cached, "queries": queries}


def _plain_page(client: Any, url: str) -> float:
    """Best of a few requests of a page that reads little: what any signed-in page costs here."""
    best = float("inf")
    for _ in range(REPEAT):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        best = min(best, time.perf_counter() - start)
    return best


def measure_backend() -> list[dict[str, Any]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breakthrough.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    # Plain static files storage: the benchmark measures the page, not whether collectstatic ran.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
    call_command("migrate", verbosity=0)
    # Django's cache lives in files shared by the backends' processes: each starts without rendered charts.
    from django.core.cache import cache

    cache.clear()
    results = []
    for n in SIZES:
        start = time.perf_counter()
        collab, staff = _build(n)
        built = time.perf_counter() - start
        client = Client()
        client.force_login(staff)
        floor = _floor(collab)
        page = _page(client, f"/dashboards/?collaborative={collab.pk}")
        summary = _page(client, f"/dashboards/summary/?collaborative={collab.pk}")
        home = _plain_page(client, "/")
        results.append(
            {
                "teams": n,
                "rows": n * MEASURES * MONTHS,
                "build": built,
                "floor": floor,
                "page": page,
                "summary": summary,
                "home": home,
                "vendor": connection.vendor,
            }
        )
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    return results


# --- the parent: one process per backend, then the markdown section ------------------------------------


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _run_backend(database_url: str, data_dir: str) -> list[dict[str, Any]]:
    env = {**os.environ, "DATABASE_URL": database_url, "BREAKTHROUGH_DATA_DIR": data_dir, "DEBUG": ""}
    out = subprocess.run(
        [_python(), __file__, "--backend"], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _as_pg(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _start_postgres() -> tuple[str, str, Path]:
    """A throwaway server on a free loopback port, as ./dev's start_postgres."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL server binaries (apt install postgresql)")
    pg_dir = Path(tempfile.mkdtemp(prefix="breakthrough-bench-pg."))
    if os.geteuid() == 0:
        shutil.chown(pg_dir, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(
        _as_pg(
            [
                str(bin_dir / "initdb"),
                "-D",
                f"{pg_dir}/data",
                "-U",
                "breakthrough",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {pg_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off"
    )
    subprocess.run(
        _as_pg(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                f"{pg_dir}/data",
                "-l",
                f"{pg_dir}/server.log",
                "-w",
                "start",
                "-o",
                options,
            ]
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_pg(
            [
                str(bin_dir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "breakthrough",
                "breakthrough",
            ]
        ),
        check=False,
        capture_output=True,
    )
    return f"postgres://breakthrough@127.0.0.1:{port}/breakthrough", str(bin_dir), pg_dir


def _stop_postgres(bin_dir: str, pg_dir: Path) -> None:
    subprocess.run(
        _as_pg([f"{bin_dir}/pg_ctl", "-D", f"{pg_dir}/data", "-m", "fast", "stop"]),
        capture_output=True,
        check=False,
    )
    shutil.rmtree(pg_dir, ignore_errors=True)


def _table(backend: str, results: list[dict[str, Any]]) -> str:
    lines = [
        f"**{backend}**\n",
        "| teams | value rows | floor: one query | dashboard: first request "
        "| dashboard: data read again | × floor | dashboard: data unchanged | × floor "
        "| summary: data read again | summary: data unchanged "
        "| queries (dashboard / summary) | home page |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        page, summ, floor = r["page"], r["summary"], r["floor"]
        cells = [
            f"{r['teams']:,}",
            f"{r['rows']:,}",
            f"{floor * 1000:.0f} ms",
            f"{page['first'] * 1000:.0f} ms",
            f"{page['uncached'] * 1000:.0f} ms",
            f"{page['uncached'] / floor:.1f}×",
            f"{page['cached'] * 1000:.0f} ms",
            f"{page['cached'] / floor:.1f}×",
            f"{summ['uncached'] * 1000:.0f} ms",
            f"{summ['cached'] * 1000:.0f} ms",
            f"{page['queries']} / {summ['queries']}",
            f"{r['home'] * 1000:.0f} ms",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def run() -> str:
    parts = [
        "## Dashboards (`bench_dashboards.py`)\n",
        f"Server time of the collaborative dashboard (`/dashboards/`, as project staff: pooled charts, small "
        f"multiples of 40 teams, the teams × measures summary, engagement, dose–response) and of the summary "
        f"table alone (`/dashboards/summary/`), for a synthetic collaborative of N teams × {MEASURES} "
        f"measures × {MONTHS} months, against the floor: one SQL query reading the same value rows. *First "
        f"request* includes rendering every chart with vl-convert. Later requests (best of {REPEAT}) serve "
        "the SVGs from Django's cache (files shared by every worker) keyed by the spec's hash (data "
        "included); *data read again* reads and analyses every value as after any change to the data; "
        "*data unchanged* reads the analysed numbers from Django's cache while the collaborative's data "
        "fingerprint (counts and latest saves, a few aggregate queries) is unchanged. *Home page*: the "
        "signed-in home page of the same person, for scale — what any page of "
        "the application costs before it reads the collaborative's data.\n",
    ]
    with tempfile.TemporaryDirectory(prefix="breakthrough-bench-dash.") as tmp:
        parts.append(_table("SQLite", _run_backend(f"sqlite:///{tmp}/bench.sqlite3", tmp)))
        try:
            url, bin_dir, pg_dir = _start_postgres()
        except (RuntimeError, subprocess.CalledProcessError, OSError) as exc:
            parts.append(f"**PostgreSQL**: skipped — the throwaway server could not start ({exc}).\n")
        else:
            try:
                parts.append(_table("PostgreSQL", _run_backend(url, tmp)))
            finally:
                _stop_postgres(bin_dir, pg_dir)
    return "\n".join(parts)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    if "--backend" in sys.argv:
        if len(sys.argv) > 2:
            SIZES = tuple(int(x) for x in sys.argv[2:])
        print(json.dumps(measure_backend()))
    else:
        print(run())
