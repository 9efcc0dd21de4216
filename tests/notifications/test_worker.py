"""`breakthrough worker` in a real process, on the suite's database (SQLite file or PostgreSQL).

Mail goes to files (one per message), read back here: what the worker sent, not what it meant to send.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from breakthrough.notifications import services
from breakthrough.notifications.models import Delivery, Kind, Notification
from tests.factories import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("worker")]

ROOT = Path(__file__).resolve().parents[2]
BREAKTHROUGH = shutil.which("breakthrough") or str(Path(sys.executable).with_name("breakthrough"))


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{quote(s['HOST'] or '', safe='')}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def _env(outbox: Path, slow: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    return env | {
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "breakthrough.settings",
        "EMAIL_BACKEND": "tests.notifications.slow_mail.SlowFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "SLOW_MAIL_SECONDS": str(slow),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")]),
        "TWO_FACTOR_REQUIRED": "0",
    }


def _message_ids(outbox: Path) -> list[str]:
    found = []
    for path in outbox.iterdir():
        found += re.findall(r"^Message-ID: (<[^>]+>)", path.read_text(), re.M)
    return found


def _pending(n: int, prefix: str) -> list[Notification]:
    rows = []
    for i in range(n):
        user = make_user(f"{prefix}{i}")
        params = {"team": "Team A", "month": "2026-01-01", "due": "2026-02-10"}
        rows.append(services.notify(user=user, kind=Kind.REPORT_LATE, key=f"{prefix}-{i}", params=params))
    return rows


def test_worker_once_sends_each_email_once(outbox):
    rows = _pending(5, "once")
    run = subprocess.run(
        [BREAKTHROUGH, "worker", "--once"],
        env=_env(outbox, 0),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    ids = _message_ids(outbox)
    assert len(ids) == 5
    assert len(set(ids)) == 5
    assert set(Notification.objects.values_list("delivery", flat=True)) == {Delivery.SENT}
    again = subprocess.run(
        [BREAKTHROUGH, "worker", "--once"],
        env=_env(outbox, 0),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert len(_message_ids(outbox)) == len(rows)  # the second run sends nothing


def test_a_worker_killed_mid_batch_and_restarted_sends_each_email_exactly_once(outbox):
    total = 30
    _pending(total, "kill")
    env = _env(outbox, 0.15)
    worker = subprocess.Popen(
        [BREAKTHROUGH, "worker", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while len(list(outbox.iterdir())) < 8:
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            assert time.monotonic() < deadline, "the worker sent nothing"
            time.sleep(0.005)
        # The 8th file is written and its row commits within a millisecond; the next email then waits its
        # 0.15 s before writing. Killing 0.06 s after the file appears cuts the batch inside that wait: the
        # claimed row's transaction dies with the process, so the restarted worker sends it (once).
        # (Killed in the millisecond between a file's write and its commit, the email would go twice: the
        # window of any sender that cannot ask the mail server whether it already took a message.)
        time.sleep(0.06)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    sent_before = len(_message_ids(outbox))
    assert 8 <= sent_before < total  # cut in the middle of the batch
    assert Notification.objects.filter(delivery=Delivery.PENDING).exists()
    again = subprocess.run(
        [BREAKTHROUGH, "worker", "--once"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert again.returncode == 0, again.stderr
    ids = _message_ids(outbox)
    assert len(ids) == total
    assert len(set(ids)) == total  # every email exactly once
    assert Notification.objects.filter(delivery=Delivery.SENT).count() == total
