"""A throwaway PostgreSQL server on a free loopback port, for tests that run the site in real processes."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_postgres(*args: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


@dataclass
class Server:
    url: str
    home: Path
    bin_dir: Path
    port: int

    def _ctl(self, *args: str) -> None:
        ctl = [str(self.bin_dir / "pg_ctl"), "-D", f"{self.home}/data", "-l", f"{self.home}/log", "-w"]
        subprocess.run(as_postgres(*ctl, *args), check=True, capture_output=True)

    def start(self) -> None:
        self._ctl("start", "-o", f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 -c fsync=off")

    def stop(self) -> None:
        self._ctl("-m", "immediate", "stop")  # as a crash or a pulled cable would


@pytest.fixture
def postgres() -> Iterator[Server]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    assert found, "PostgreSQL's server binaries are missing (./dev test installs them)"
    bin_dir = Path(found[-1]).parent
    home = Path(tempfile.mkdtemp(prefix="breakthrough-test-pg-"))  # the postgres user must reach it
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    initdb = [str(bin_dir / "initdb"), "-D", f"{home}/data", "-U", "breakthrough", "-A", "trust", "--no-sync"]
    subprocess.run(as_postgres(*initdb), check=True, capture_output=True)
    port = free_port()
    server = Server(f"postgres://breakthrough@127.0.0.1:{port}/postgres", home, bin_dir, port)
    server.start()
    try:
        yield server
    finally:
        subprocess.run(
            as_postgres(str(bin_dir / "pg_ctl"), "-D", f"{home}/data", "-m", "immediate", "stop"),
            capture_output=True,
        )
        shutil.rmtree(home, ignore_errors=True)
