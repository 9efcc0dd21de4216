"""Load: 20 signed-in people for 60 s against `breakthrough serve` (gunicorn) and Django's `runserver`.

A throwaway PostgreSQL server (started as ``./dev`` does) gets the demo collaborative (``breakthrough demo
--no-serve``); each person then gets a draft monthly report and a PDSA cycle of their own team to write in.
Both servers run the same settings (``DEBUG`` off) against that database, one after the other. An asyncio
client (aiohttp) signs 20 people in — 14 team members (directors and teachers) and 6 overseers (project staff,
faculty, the evaluator) — and each walks their round of pages with a pause of 0.5–1.5 s (uniform) between
requests, as a person reading does. Team members: home, monthly report form, its save (POST with the CSRF
token and the revision the form was read at), PDSA log, a PDSA cycle, its save, team dashboard, one measure's
chart. Overseers: home, collaborative dashboard, a team dashboard, a measure chart, PDSA log. Every page is
requested once before the clock starts (charts rendered, connections open).

Lost updates: meanwhile a probe opens one report (or one PDSA cycle) in two sessions, so both forms carry the
same revision, and saves both at once with different text. One save must go through and the other be refused
with its typed text kept on the page; the stored text must be the saved one. A lost update is any probe where
both saves went through, the refused page lost the typed text, or the stored text is not the winner's.

Run: ``python benchmarks/run.py load`` (all benchmarks: ``./dev bench``), or this file directly; ``--profile``
prints where a page's time goes (cProfile, in-process) for the same demo data.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
USERS_TEAM, USERS_OVERSIGHT = 14, 6
DURATION = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))  # shorter only to try the benchmark out
THINK = (0.5, 1.5)
PROBE_EVERY = 3.0
PASSWORD = "breakthrough-demo"
TEAM_ROUND = [
    "home",
    "report form",
    "report save",
    "PDSA log",
    "PDSA cycle",
    "PDSA save",
    "team dashboard",
    "measure chart",
]
OVERSIGHT_ROUND = ["home", "collaborative dashboard", "team dashboard", "measure chart", "PDSA log"]
PAGES = [*TEAM_ROUND, "collaborative dashboard"]


# --- inside Django (a subprocess): who signs in, and what each writes in ----------------------------------


def prepare() -> dict[str, Any]:
    """The people of the load and of the probe, each with a draft report and a PDSA cycle of their team."""
    import django

    django.setup()
    from django.apps import apps
    from django.urls import reverse

    membership = apps.get_model("collaboratives", "Membership")
    report_model = apps.get_model("measures", "MonthlyReport")
    cycle_model = apps.get_model("pdsa", "PDSACycle")
    measure_model = apps.get_model("measures", "Measure")

    from breakthrough.demo import DEMO_SLUG  # the live collaborative (the demo also holds its earlier wave)

    def member_rows(roles: list[str], with_team: bool) -> list[Any]:
        rows = membership.objects.filter(
            role__in=roles, team__isnull=not with_team, collaborative__slug=DEMO_SLUG
        ).select_related("user")
        seen, out = set(), []
        for row in rows.order_by("role", "team_id", "user__username"):
            if row.user_id not in seen:
                seen.add(row.user_id)
                out.append(row)
        return out

    writers = member_rows(["director", "teacher"], with_team=True)
    writers.sort(key=lambda m: (m.role != "director", m.team_id, m.user.username))
    overseers = member_rows(["project_staff", "faculty", "evaluator"], with_team=False)
    teams = sorted({m.team_id for m in writers})
    live = measure_model.objects.filter(collaborative__slug=DEMO_SLUG, team__isnull=True)
    measures = list(live.order_by("pk").values_list("pk", flat=True))
    taken: dict[int, int] = {}

    def writer(m: Any) -> dict[str, Any]:
        k = taken[m.team_id] = taken.get(m.team_id, -1) + 1
        report = report_model.objects.filter(team_id=m.team_id).order_by("-period__month")[k]
        report_model.objects.filter(pk=report.pk).update(
            status="draft", submitted_at=None, submitted_by=None, reviewed_at=None, reviewed_by=None
        )
        cycle = cycle_model.objects.filter(ramp__team_id=m.team_id).order_by("-pk")[k]
        return {
            "username": m.user.username,
            "report": reverse("measures:report-detail", args=[report.pk]),
            "cycle": reverse("pdsa:cycle-detail", args=[cycle.pk]),
            "team": reverse("dashboards:team", args=[m.team_id]),
            "chart": reverse("dashboards:team-measure", args=[m.team_id, measures[k % len(measures)]]),
        }

    team_people = [writer(m) for m in writers[: USERS_TEAM + 1]]
    oversight_people = [
        {
            "username": m.user.username,
            "team": reverse("dashboards:team", args=[teams[i % len(teams)]]),
            "chart": reverse(
                "dashboards:team-measure", args=[teams[i % len(teams)], measures[i % len(measures)]]
            ),
        }
        for i, m in enumerate(overseers[:USERS_OVERSIGHT])
    ]
    return {
        "team": team_people[:USERS_TEAM],
        "oversight": oversight_people,
        "probe": team_people[USERS_TEAM],
        "urls": {
            "home": reverse("home"),
            "login": reverse("login"),
            "pdsa": reverse("pdsa:cycle-list"),
            "collaborative": reverse("dashboards:collaborative"),
        },
    }


# --- the client ---------------------------------------------------------------------------------------------


class Forms(HTMLParser):
    """The forms of a page: action and the fields a browser would send (first submit button aside)."""

    def __init__(self, html: str, url: str = "") -> None:
        super().__init__()
        self.url = url  # where a form without an action posts
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._text: str | None = None
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or self.url, "fields": {}}
            self.forms.append(self._form)
        if self._form is None or not a.get("name"):
            return
        name, fields = str(a["name"]), self._form["fields"]
        kind = a.get("type") or "text"
        if tag == "input" and kind not in {"submit", "button", "file", "image", "reset"}:
            if kind not in {"checkbox", "radio"} or "checked" in a:
                fields[name] = a.get("value") or ""
        elif tag == "textarea":
            self._text, fields[name] = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and (self._select not in fields or "selected" in a):
            fields[self._select] = a.get("value") or ""

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._text:
            self._form["fields"][self._text] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._form is not None and self._text:
            self._form["fields"][self._text] = self._form["fields"][self._text].removeprefix("\n")
            self._text = None
        elif tag == "select":
            self._select = None

    def ending(self, suffix: str) -> dict[str, Any]:
        return next(f for f in self.forms if f["action"].rstrip("/").endswith(suffix.rstrip("/")))


def _filled(fields: dict[str, str]) -> dict[str, str]:
    """A report form's fields with a blank denominator given one where its numerator is typed in or counted
    (a counted numerator, the incidents', is read-only and not a field of the form).

    A half-entered rate is refused (the form asks for both or neither), so a measure left blank on both
    sides stays blank, as a person leaving it for later would.
    """

    def half(key: str) -> bool:
        numerator = key.removesuffix(".denominator") + ".numerator"
        return key.endswith(".denominator") and (numerator not in fields or bool(fields[numerator]))

    return {k: ("300" if not v and half(k) else v) for k, v in fields.items()}


class Person:
    def __init__(self, base: str, who: dict[str, Any], urls: dict[str, str], stats: Stats) -> None:
        import aiohttp

        self.base, self.who, self.urls, self.stats = base, who, urls, stats
        self.http = aiohttp.ClientSession(
            base,
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            connector=aiohttp.TCPConnector(limit=1),
            timeout=aiohttp.ClientTimeout(total=30),
        )
        self.form: dict[str, Any] | None = None
        self.saves = 0

    async def fetch(self, label: str | None, method: str, url: str, data: Any = None) -> tuple[int, str]:
        started = time.perf_counter()
        try:
            async with self.http.request(method, url, data=data, allow_redirects=False) as response:
                body = await response.text()
                status = response.status
        except Exception as exc:  # a timeout or a reset is an error of the page, not of the benchmark
            if label:
                self.stats.error(label, f"{type(exc).__name__}: {exc}")
            return 0, ""
        if label:
            self.stats.record(label, time.perf_counter() - started)
        return status, body

    async def sign_in(self) -> None:
        status, page = await self.fetch(None, "GET", self.urls["login"])
        if status != 200:
            raise RuntimeError(f"the sign-in page answered {status}")
        form = Forms(page, self.urls["login"]).ending(self.urls["login"])["fields"]
        form |= {"username": self.who["username"], "password": PASSWORD}
        status, _ = await self.fetch(None, "POST", self.urls["login"], form)
        if status != 302:
            raise RuntimeError(f"{self.who['username']} could not sign in ({status})")

    async def step(self, label: str) -> None:
        """One page of the round; a save posts the form its page before gave."""
        expected = 200
        if label == "report save" or label == "PDSA save":
            if self.form is None:
                return
            self.saves += 1
            fields = _filled(self.form["fields"])
            key = "narrative" if label == "report save" else "do_observations"
            fields[key] = f"Saved by {self.who['username']} under load, save {self.saves}."
            if label == "report save":
                fields["action"] = "save"
            status, _ = await self.fetch(label, "POST", self.form["action"], fields)
            self.form, expected = None, 302
        else:
            url = {
                "home": self.urls["home"],
                "report form": self.who.get("report"),
                "PDSA log": self.urls["pdsa"],
                "PDSA cycle": self.who.get("cycle"),
                "team dashboard": self.who["team"],
                "measure chart": self.who["chart"],
                "collaborative dashboard": self.urls["collaborative"],
            }[label]
            status, body = await self.fetch(label, "GET", url)
            if label in ("report form", "PDSA cycle") and status == 200:
                self.form = Forms(body).ending("/save/" if label == "report form" else "/sections/do/")
        if status not in (0, expected):
            self.stats.error(label, f"HTTP {status} (expected {expected})")


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, list[str]] = {}
        self.recording = False

    def record(self, label: str, seconds: float) -> None:
        if self.recording:
            self.times.setdefault(label, []).append(seconds)

    def error(self, label: str, message: str) -> None:
        if self.recording:
            self.errors.setdefault(label, []).append(message)


async def _walk(person: Person, pages: list[str], deadline: float, rng: random.Random) -> None:
    start = rng.randrange(len(pages))
    k = start
    while time.monotonic() < deadline:
        await person.step(pages[k % len(pages)])
        k += 1
        await asyncio.sleep(rng.uniform(*THINK))


async def _probe_once(a: Person, b: Person, kind: str, n: int) -> dict[str, Any]:
    """Open one object in two sessions, save both at once: one must win, the other keep its text."""
    url, suffix, key = (
        (a.who["report"], "/save/", "narrative")
        if kind == "report"
        else (a.who["cycle"], "/sections/do/", "do_observations")
    )
    forms = []
    for person in (a, b):
        _, page = await person.fetch(None, "GET", url)
        forms.append(Forms(page).ending(suffix))
    texts = [f"Probe {n} by session {side} ({secrets.token_hex(3)})" for side in "AB"]
    posts = []
    for person, form, text in zip((a, b), forms, texts, strict=True):
        fields = _filled(form["fields"]) | {key: text} | ({"action": "save"} if kind == "report" else {})
        posts.append(person.fetch(None, "POST", form["action"], fields))
    (status_a, page_a), (status_b, page_b) = await asyncio.gather(*posts)
    _, after = await a.fetch(None, "GET", url)
    stored = Forms(after).ending(suffix)["fields"].get(key, "")
    outcome = {"kind": kind, "statuses": [status_a, status_b], "lost": False, "refused": False}
    if sorted([status_a, status_b]) != [200, 302]:
        outcome["lost"] = status_a == status_b == 302
        outcome["odd"] = True
        return outcome
    winner, loser_page, loser_text = (
        (texts[0], page_b, texts[1]) if status_a == 302 else (texts[1], page_a, texts[0])
    )
    kept = Forms(loser_page).ending(suffix)["fields"].get(key) == loser_text
    said = "Someone else saved this" in loser_page  # the probe person reads the site in English
    outcome |= {"refused": said, "kept": kept, "lost": stored != winner or not kept or not said}
    return outcome


async def _probe(a: Person, b: Person, deadline: float, results: list[dict[str, Any]]) -> None:
    n = 0
    while time.monotonic() < deadline:
        await asyncio.sleep(PROBE_EVERY)
        n += 1
        results.append(await _probe_once(a, b, "report" if n % 2 else "pdsa", n))


async def drive(base: str, plan: dict[str, Any], duration: float, on_start: Any = None) -> dict[str, Any]:
    stats = Stats()
    rng = random.Random(2026)
    urls = plan["urls"]
    people = [(Person(base, w, urls, stats), TEAM_ROUND) for w in plan["team"]]
    people += [(Person(base, o, urls, stats), OVERSIGHT_ROUND) for o in plan["oversight"]]
    probes = [Person(base, plan["probe"], urls, stats) for _ in range(2)]
    try:
        for person in [*(p for p, _ in people), *probes]:  # one at a time: sign-ins are not measured
            await person.sign_in()
        for person, pages in people:  # every page once before the clock starts
            for label in pages:
                await person.step(label)
        if on_start is not None:
            on_start()
        stats.recording = True
        probe_results: list[dict[str, Any]] = []
        started = time.monotonic()
        deadline = started + duration
        await asyncio.gather(
            *(_walk(p, pages, deadline, random.Random(rng.random())) for p, pages in people),
            _probe(*probes, deadline, probe_results),
        )
        elapsed = time.monotonic() - started
        stats.recording = False
    finally:
        for person, _ in people:
            await person.http.close()
        for person in probes:
            await person.http.close()
    return {"times": stats.times, "errors": stats.errors, "elapsed": elapsed, "probes": probe_results}


# --- servers and the database ------------------------------------------------------------------------------


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_pg(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def postgres():  # type: ignore[no-untyped-def]
    """A throwaway server on a free loopback port, as ./dev's start_postgres; stopped and removed after."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("no PostgreSQL server binaries (apt install postgresql)")
    bin_dir = found[-1].parent
    pg_dir = Path(tempfile.mkdtemp(prefix="breakthrough-load-pg."))
    if os.geteuid() == 0:
        shutil.chown(pg_dir, "postgres")
    port = _free_port()
    data = f"{pg_dir}/data"
    init = [str(bin_dir / "initdb"), "-D", data, "-U", "breakthrough", "-A", "trust", "-E", "UTF8"]
    subprocess.run(_as_pg([*init, "--locale=C.UTF-8", "--no-sync"]), check=True, capture_output=True)
    options = f"-p {port} -k {pg_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
    start = [str(bin_dir / "pg_ctl"), "-D", data, "-l", f"{pg_dir}/server.log", "-w", "start", "-o", options]
    try:
        subprocess.run(_as_pg(start), check=True, capture_output=True)
        createdb = [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "breakthrough"]
        subprocess.run(_as_pg([*createdb, "breakthrough"]), check=True, capture_output=True)
        yield f"postgres://breakthrough@127.0.0.1:{port}/breakthrough", Path(data)
    finally:
        stop = [str(bin_dir / "pg_ctl"), "-D", data, "-m", "fast", "stop"]
        subprocess.run(_as_pg(stop), capture_output=True, check=False)
        shutil.rmtree(pg_dir, ignore_errors=True)


def _cpu_seconds(root_pid: int) -> tuple[float, list[int]]:
    """CPU time (user + system) of a process and its children, and their memory (PSS) in MB."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)], stats[int(entry.name)] = int(fields[1]), fields
    family = {root_pid}
    for pid, parent in sorted(parents.items()):
        if parent in family:
            family.add(pid)
    cpu = sum(int(stats[p][11]) + int(stats[p][12]) for p in family if p in stats)
    if root_pid in stats:  # children that have exited (a PostgreSQL backend per closed connection)
        cpu += int(stats[root_pid][13]) + int(stats[root_pid][14])
    return cpu / tick, [_pss_mb(p) for p in sorted(family)]


def _pss_mb(pid: int) -> int:
    """Proportional set size: shared pages (the forked workers share the master's) counted once overall."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(found[1]) // 1024 if found else 0


@contextmanager
def server(kind: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
    port = _free_port()
    if kind == "gunicorn":
        cmd = [str(Path(_python()).with_name("breakthrough")), "serve"]
        env = env | {"SERVER_BIND": f"127.0.0.1:{port}"}
    else:
        cmd = [_python(), "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"]
        env = env | {"DJANGO_SETTINGS_MODULE": "breakthrough.settings"}
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        yield from _until_stopped(kind, process, port, log)


def _until_stopped(kind: str, process: subprocess.Popen[bytes], port: int, log: Any):  # type: ignore[no-untyped-def]
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"{kind} did not start:\n{log.read()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- where a page's time goes (in-process, cProfile) ------------------------------------------------------

FIXED = {  # (module fragment, function name) → the part of every page it stands for
    ("sessions/backends/db", "load"): "session",
    ("sessions/backends/cached_db", "load"): "session",  # SESSION_ENGINE: the cache, the table on a miss
    ("contrib/auth/__init__", "get_user"): "user",
    ("navigation", "navigation"): "navigation",
    ("django/template/base", "render"): "templates",
    ("db/backends/utils", "_execute"): "SQL",
}


def profile(plan: dict[str, Any], repeat: int = 20) -> str:
    """Per page: wall time, queries, and the cumulative time of the parts every page pays."""
    import cProfile
    import pstats

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import resolve

    users = get_user_model().objects
    team, oversight = plan["team"][0], plan["oversight"][0]
    pages = [
        ("home", plan["urls"]["home"], team),
        ("report form", team["report"], team),
        ("PDSA log", plan["urls"]["pdsa"], team),
        ("PDSA cycle", team["cycle"], team),
        ("team dashboard", team["team"], team),
        ("measure chart", team["chart"], team),
        ("collaborative dashboard", plan["urls"]["collaborative"], oversight),
    ]
    rows = []
    for label, url, who in pages:
        client = Client(HTTP_HOST="127.0.0.1")  # no setup_test_environment: rendering stays uninstrumented
        client.force_login(users.get(username=who["username"]))
        for _ in range(3):
            assert client.get(url).status_code == 200, (label, url)
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            client.get(url)
        wall = (time.perf_counter() - started) / repeat * 1000
        cpu = (time.process_time() - cpu_started) / repeat * 1000
        queries: list[str] = []

        def count(execute: Any, sql: str, *args: Any, queries: list[str] = queries) -> Any:
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        profiler = cProfile.Profile(time.process_time)  # CPU, not waits: steadier on a busy machine
        profiler.enable()
        for _ in range(repeat):
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        view = resolve(url).func
        view_code = getattr(getattr(view, "__wrapped__", view), "__code__", None)
        parts = {name: 0.0 for name in ("view", *FIXED.values())}
        total = 0.0
        for (filename, line, func), (_, _, _, cumulative, _) in stats.items():
            if func == "get" and filename.endswith("django/test/client.py"):
                total = max(total, cumulative)
            if view_code and (filename, line, func) == (
                view_code.co_filename,
                view_code.co_firstlineno,
                view_code.co_name,
            ):
                parts["view"] += cumulative
            for (fragment, name), part in FIXED.items():
                if func == name and fragment in filename:
                    parts[part] = max(parts[part], cumulative)  # the outermost call of a recursive render
        per = {k: v / repeat * 1000 for k, v in parts.items()}
        rows.append((label, wall, cpu, len(queries), total / repeat * 1000, per))
        if label == "home":
            areas = _areas(stats, repeat)
    columns = ["page", "server time", "CPU", "queries", "profiled", "in the view", "outside the view"]
    columns += ["session + user", "navigation", "templates", "SQL"]
    lines = ["| " + " | ".join(columns) + " |", "| --- |" + " ---: |" * (len(columns) - 1)]
    for label, wall, cpu, n_queries, total, per in rows:
        cells = [total, per["view"], total - per["view"], per["session"] + per["user"]]
        cells += [per["navigation"], per["templates"], per["SQL"]]
        ms = [f"{c:.1f} ms" for c in cells]
        lines.append(f"| {label} | {wall:.1f} ms | {cpu:.1f} ms | {n_queries} | " + " | ".join(ms) + " |")
    lines += ["", "The home page's CPU (cProfile, self time) by where the code lives:", ""]
    lines += ["| code | ms a request | share |", "| --- | ---: | ---: |"]
    whole = sum(areas.values())
    for area, ms in sorted(areas.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"| {area} | {ms:.1f} | {ms / whole:.0%} |")
    return "\n".join(lines)


def _areas(stats: dict[Any, Any], repeat: int) -> dict[str, float]:
    """Self time grouped by package (two levels: django/template, breakthrough/home), in ms a request."""
    areas: dict[str, float] = {}
    for (filename, _, func), (_, _, own, _, _) in stats.items():
        path = filename.replace("\\", "/")
        if "site-packages/" in path:
            area = "/".join(path.split("site-packages/", 1)[1].split("/")[:2])
        elif "/src/breakthrough/" in path:
            area = "breakthrough/" + path.split("/src/breakthrough/", 1)[1].split("/")[0]
        elif filename == "~":
            area = f"builtins: {func.split(' of ')[0].strip('<>')}"[:60]
        else:
            area = "python: " + Path(path).stem
        area = area.removesuffix(".py")
        areas[area] = areas.get(area, 0.0) + own / repeat * 1000
    return areas


# --- the parent: demo data, the two servers, the markdown section -----------------------------------------

RUNS = int(
    os.environ.get("BENCH_LOAD_RUNS", "3")
)  # gunicorn runs (a fresh server each); runserver once, for scale


def _subprocess_json(flag: str, env: dict[str, str]) -> Any:
    out = subprocess.run([_python(), __file__, flag], env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _percentile(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) * 1000 if values else float("nan")


def _measure(kind: str, env: dict[str, str], plan: dict[str, Any], pg_data: Path) -> dict[str, Any]:
    """One 60-s run against a fresh server: client times, and the CPU the server and PostgreSQL used."""
    postmaster = int((pg_data / "postmaster.pid").read_text().split()[0])
    with server(kind, env) as (base, pid):
        before: list[tuple[float, float]] = []  # CPU when the clock starts, after the warm-up round

        def start() -> None:
            before.append((_cpu_seconds(pid)[0], _cpu_seconds(postmaster)[0]))

        result = asyncio.run(drive(base, plan, DURATION, on_start=start))
        cpu, memory = _cpu_seconds(pid)
        result["cpu"] = cpu - before[0][0]
        result["db_cpu"] = _cpu_seconds(postmaster)[0] - before[0][1]
        result["memory"] = memory
    result["requests"] = sum(len(v) for v in result["times"].values())
    result["n_errors"] = sum(len(v) for v in result["errors"].values())
    result["p"] = {k: (_percentile(v, 50), _percentile(v, 95)) for k, v in result["times"].items()}
    result["lost"] = sum(1 for p in result["probes"] if p["lost"])
    result["refused"] = sum(1 for p in result["probes"] if p["refused"] and not p["lost"])
    result["odd"] = [p["statuses"] for p in result["probes"] if p.get("odd")]
    return result


def _section(runs: list[dict[str, Any]], dev: dict[str, Any], env: dict[str, str]) -> str:
    first = runs[0]
    home_g, home_d = first["p"]["home"][1], dev["p"]["home"][1]
    lines = [
        "## Load (`bench_load.py`)",
        "",
        f"{USERS_TEAM + USERS_OVERSIGHT} signed-in people ({USERS_TEAM} team members, {USERS_OVERSIGHT} "
        f"overseers) for {DURATION:.0f} s each run, pausing {THINK[0]}–{THINK[1]} s between requests, on the "
        "demo collaborative in PostgreSQL. `breakthrough serve` is gunicorn with its defaults here "
        f"({env['workers']} workers × {env['threads']} threads, database connections kept 60 s); `runserver` "
        "is Django's development server (a thread per connection), for scale. Times are from the client "
        "(request sent → whole response "
        "read); × home is the page's p95 over the home page's p95 in the same run.",
        "",
        "| page | requests | serve p50 | serve p95 | × home | runserver p50 | runserver p95 | × home |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in PAGES:
        g, d = first["p"].get(page, (float("nan"),) * 2), dev["p"].get(page, (float("nan"),) * 2)
        n = len(first["times"].get(page, []))
        lines.append(
            f"| {page} | {n} | {g[0]:.0f} ms | {g[1]:.0f} ms | {g[1] / home_g:.1f}× | {d[0]:.0f} ms | "
            f"{d[1]:.0f} ms | {d[1] / home_d:.1f}× |"
        )
    lines.append("")
    for name, r in (("serve", first), ("runserver", dev)):
        errors = "; ".join(f"{k}: {v[0]} ({len(v)}×)" for k, v in r["errors"].items()) or "none"
        n = max(r["requests"], 1)
        lines.append(
            f"- **{name}**: {r['requests']} requests in {r['elapsed']:.0f} s ({n / r['elapsed']:.1f}/s), "
            f"errors: {r['n_errors']} ({errors}); CPU a request: {r['cpu'] / n * 1000:.1f} ms in the server, "
            f"{r['db_cpu'] / n * 1000:.1f} ms in PostgreSQL; memory (PSS) "
            f"{' + '.join(str(m) for m in r['memory'])} MB; lost updates: {r['lost']} of {len(r['probes'])} "
            f"probes (refused with the typed text kept: {r['refused']})"
            + (f"; probes without one save and one refusal: {r['odd']}." if r["odd"] else ".")
        )
    if len(runs) > 1:
        lines += [
            "",
            f"Spread over {len(runs)} runs of `serve` (each a fresh server), p50 / p95 min–max:",
            "",
        ]
        lines += ["| page | p50 | p95 | × home (p95) |", "| --- | ---: | ---: | ---: |"]
        for page in PAGES:
            p50s = [r["p"][page][0] for r in runs if page in r["p"]]
            p95s = [r["p"][page][1] for r in runs if page in r["p"]]
            ratios = [r["p"][page][1] / r["p"]["home"][1] for r in runs if page in r["p"]]
            lines.append(
                f"| {page} | {min(p50s):.0f}–{max(p50s):.0f} ms | {min(p95s):.0f}–{max(p95s):.0f} ms | "
                f"{min(ratios):.1f}–{max(ratios):.1f}× |"
            )
        totals = [f"{r['requests'] / r['elapsed']:.1f}" for r in runs]
        lines += [
            "",
            f"Throughput per run: {', '.join(totals)} requests/s; errors: "
            f"{sum(r['n_errors'] for r in runs)}; lost updates: {sum(r['lost'] for r in runs)}.",
        ]
    return "\n".join(lines) + "\n"


def run() -> str:
    with tempfile.TemporaryDirectory(prefix="breakthrough-load.") as data_dir, postgres() as (url, pg_data):
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
        # The demo's people have no second factor; plain HTTP on loopback needs cookies without Secure.
        env |= {"DATABASE_URL": url, "BREAKTHROUGH_DATA_DIR": data_dir, "TWO_FACTOR_REQUIRED": "false"}
        env |= {"SECURE_COOKIES": "false", "SECURE_SSL_REDIRECT": "false"}
        built = subprocess.run(
            [str(Path(_python()).with_name("breakthrough")), "demo", "--no-serve"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if built.returncode != 0:
            raise RuntimeError(built.stderr[-3000:])
        env |= {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SETTINGS_MODULE": "breakthrough.settings",
        }
        plan = _subprocess_json("--prepare", env)
        config = _subprocess_json("--config", env)
        runs = [_measure("gunicorn", env, plan, pg_data) for _ in range(RUNS)]
        dev = _measure("runserver", env, plan, pg_data)
        out = subprocess.run(
            [_python(), __file__, "--profile"],
            env=env | {"DB_CONN_MAX_AGE": "60"},
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-3000:])
        section = _section(runs, dev, config)
        return section + "\n" + PROFILE_TEXT + "\n" + out.stdout.strip() + "\n"


PROFILE_TEXT = (
    "Where a page's time goes (`bench_load.py --profile`): the same pages in one process through Django's "
    "test client, no HTTP, as the first team member (the collaborative dashboard as project staff), with "
    "`DB_CONN_MAX_AGE=60` as under `serve`. *Server time* and *CPU*: means of 20 requests (the difference is "
    "waiting, mostly for PostgreSQL). The other columns are cProfile's cumulative CPU time (profiling slows "
    "Python code, so they add up to more): *in the view* includes the view's own template rendering, "
    "*outside the view* is middleware, sessions, authentication and the test client; *SQL* is the CPU of "
    "the database calls on Django's side (building the SQL is under the ORM, not here)."
)


def _main(argv: list[str]) -> None:
    if argv[:1] == ["--prepare"]:
        print(json.dumps(prepare()))
    elif argv[:1] == ["--config"]:
        import django

        django.setup()
        from django.conf import settings

        print(json.dumps({"workers": settings.SERVER_WORKERS, "threads": settings.SERVER_THREADS}))
    elif argv[:1] == ["--profile"]:
        plan = prepare()
        print(profile(plan))
    else:
        print(run())


if __name__ == "__main__":
    _main(sys.argv[1:])
