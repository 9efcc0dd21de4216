"""`breakthrough serve` as production runs it: gunicorn in a real process, on a free loopback port.

The database is a fresh one of the suite's engine (a SQLite file, or a new database on the PostgreSQL
server of the run), so the workers forked from the migrating process are seen to use their own connections.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.xdist_group("serve")  # one server for the module, on one xdist worker

BREAKTHROUGH = shutil.which("breakthrough") or str(Path(sys.executable).with_name("breakthrough"))
PASSWORD = "a-long-password-for-serve"
SETUP = f"""
import django
django.setup()
from django.core.management import call_command
from breakthrough.core.models import User
call_command("migrate", "--no-input", "-v0")
User.objects.create_user("serve-admin", password={PASSWORD!r}, is_superuser=True, is_staff=True)
"""


@dataclass
class Server:
    process: subprocess.Popen[str]
    port: int
    log: Path
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[http.client.HTTPResponse, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} | (headers or {})
        encoded = None
        if body is not None:
            encoded = urlencode(body)
            sent |= {"Content-Type": "application/x-www-form-urlencoded"}
        connection.request(method, path, body=encoded, headers=sent)
        response = connection.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies |= {name: morsel.value for name, morsel in SimpleCookie(value).items()}
        connection.close()
        return response, data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield ""  # the data directory's SQLite file
        return
    import dj_database_url
    import psycopg

    params = dj_database_url.parse(url)
    name = f"serve_{secrets.token_hex(4)}"
    admin = {"host": params["HOST"], "port": params["PORT"], "user": params["USER"], "dbname": "postgres"}
    with psycopg.connect(**admin, password=params["PASSWORD"] or None, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    yield url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(**admin, password=params["PASSWORD"] or None, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    env |= {
        "BREAKTHROUGH_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SERVER_BIND": f"127.0.0.1:{port}",
        "SERVER_WORKERS": "2",
        "SERVER_THREADS": "4",
        "SERVER_GRACEFUL_TIMEOUT": "10",
        "TWO_FACTOR_REQUIRED": "false",  # the admin signs in with a password; two-factor has its own tests
        "SECURE_COOKIES": "false",  # plain HTTP on loopback: a Secure cookie would never come back
    }
    setup = subprocess.run(
        [sys.executable, "-c", SETUP],
        env=env | {"DJANGO_SETTINGS_MODULE": "breakthrough.settings"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert setup.returncode == 0, setup.stderr
    log = data_dir / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [BREAKTHROUGH, "serve"], env=env, stdout=out, stderr=subprocess.STDOUT, text=True
        )
    running = Server(process=process, port=port, log=log)
    try:
        _wait_until_up(running)
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def _wait_until_up(server: Server, timeout: float = 900) -> None:
    """Wait for the port: the first start collects and compresses the static files (minutes on a busy
    machine, seconds on an idle one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.log.read_text()
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"breakthrough serve did not start in {timeout} s:\n{server.log.read_text()}")


def test_it_serves_with_gunicorn_and_signs_in(server):
    response, page = server.request("GET", "/accounts/login/")
    assert response.status == 200
    assert response.headers["Server"] == "gunicorn"
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf
    form = {"username": "serve-admin", "password": PASSWORD, "csrfmiddlewaretoken": csrf[1].decode()}
    response, _ = server.request("POST", "/accounts/login/", form)
    assert (response.status, response.headers["Location"]) == (302, "/")
    response, page = server.request("GET", "/")
    assert response.status == 200
    assert b"serve-admin" in page or b"Sign out" in page


def test_static_files_are_hashed_compressed_and_cached_for_long(server):
    _, page = server.request("GET", "/accounts/login/")
    css = re.search(rb'href="(/static/css/breakthrough\.[0-9a-f]{12}\.css)"', page)
    assert css, "the page links the hashed name of the stylesheet"
    plain_response, plain = server.request("GET", css[1].decode())
    assert plain_response.status == 200
    assert plain_response.headers.get("Content-Encoding") is None
    assert b"{" in plain

    response, compressed = server.request("GET", css[1].decode(), headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(compressed) == plain
    assert len(compressed) < len(plain)
    cache = response.headers["Cache-Control"]
    assert "immutable" in cache
    assert int(re.search(r"max-age=(\d+)", cache)[1]) >= 365 * 24 * 3600


def test_a_half_sent_request_does_not_block_another_client(server):
    stalled = []
    try:
        for _ in range(3):  # fewer than a worker's threads: every worker keeps one free
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow")  # no end
            stalled.append(s)
        time.sleep(1)  # long enough for the server to pick them up and wait for the rest
        for _ in range(4):
            started = time.monotonic()
            response, _ = server.request("GET", "/accounts/login/")
            assert response.status == 200
            assert time.monotonic() - started < 30  # blocked, it would wait for the stalled clients
    finally:
        for s in stalled:
            s.close()


def test_it_stops_on_sigterm_within_the_graceful_timeout(server):
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0, server.log.read_text()
    assert "Traceback" not in server.log.read_text()
