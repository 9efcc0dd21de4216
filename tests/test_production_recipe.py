"""docs/deployment.md walked as far as one machine can: PostgreSQL, `migrate`, `serve` (gunicorn), `worker`
started as the systemd units start them, the health check, a backup and a restore, all in real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.pg_server import Server, free_port, postgres

__all__ = ["postgres"]  # the fixture

BREAKTHROUGH = str(Path(sys.executable).with_name("breakthrough"))
SECRET = "a-production-secret-key-that-is-long-enough-for-the-deploy-checks-0123456789"


def wait_for(url: str, *, host: str = "127.0.0.1", seconds: float = 60) -> tuple[int, bytes]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url, headers={"Host": host})
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_the_production_recipe_runs_on_this_machine(postgres: Server, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "SECRET_KEY": SECRET,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BREAKTHROUGH_DATA_DIR": str(tmp_path / "data"),
        "SERVER_WORKERS": "2",
        "SERVER_THREADS": "2",
        "DJANGO_SETTINGS_MODULE": "breakthrough.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [BREAKTHROUGH, *args], env=env, check=True, capture_output=True, text=True, **kwargs
        )

    run("migrate")
    run(
        "collaborative",
        "create",
        "--name",
        "Recipe collaborative",
        "--slug",
        "recipe",
        "--starts",
        "2026-09-01",
        "--learning-sessions",
        "2026-10-01,2027-01-15,2027-04-15",
        "--ends",
        "2027-12-31",
        input="y\n",
    )
    port = free_port()
    server = subprocess.Popen(
        [BREAKTHROUGH, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    worker = subprocess.Popen(
        [BREAKTHROUGH, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        # The first start collects and compresses the static files: give it time on a busy machine.
        status, body = wait_for(f"http://127.0.0.1:{port}/health/", seconds=300)
        assert status == 200, body
        assert json.loads(body) == {"database": "ok", "worker": "ok"}
        status, page = wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200
        assert b"Sign in" in page
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=60)
    assert server.returncode == 0, server.stderr.read().decode()[-2000:] if server.stderr else ""

    backup = tmp_path / "nightly.backup"
    run("backup", "--out", str(backup))
    run(
        "collaborative",
        "create",
        "--name",
        "Made after the backup",
        "--slug",
        "after",
        "--starts",
        "2026-09-01",
        "--learning-sessions",
        "2026-10-01,2027-01-15,2027-04-15",
        "--ends",
        "2027-12-31",
        input="y\n",
    )
    run("restore", str(backup), "--yes")
    slugs = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "shell",
            "-c",
            "from breakthrough.collaboratives.models import "
            "Collaborative as C; print(sorted(C.objects.values_list('slug', flat=True)))",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert slugs.splitlines()[-1] == "['recipe']"  # Django's shell may say first what it imported
