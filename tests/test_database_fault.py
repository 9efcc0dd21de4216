"""The database goes away in the middle of saves (issue #14), for real: PostgreSQL is stopped under a running
`breakthrough serve` while a teacher keeps commenting on a PDSA cycle, then started again.

While it is down every save answers the 503 "try again" page with the typed text in it; nothing is
half-written (each comment that exists has its audit record); every comment answered as saved is in the
database and no other; and the server recovers without a restart.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from tests.pg_server import Server, free_port, postgres
from tests.test_production_recipe import BREAKTHROUGH, SECRET, wait_for

__all__ = ["postgres"]  # the fixture, imported for this module's test

PASSWORD = "breakthrough-demo"


def django_shell(env: dict[str, str], code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "django", "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


def test_saves_while_postgresql_stops_and_starts_again(postgres: Server, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "SECRET_KEY": SECRET,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BREAKTHROUGH_DATA_DIR": str(tmp_path / "data"),
        "SERVER_WORKERS": "2",
        "SERVER_THREADS": "2",
        "TWO_FACTOR_REQUIRED": "false",
        "SECURE_COOKIES": "false",
        "DJANGO_SETTINGS_MODULE": "breakthrough.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run([BREAKTHROUGH, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    cycle = django_shell(
        env,
        "from breakthrough.pdsa.models import PDSACycle as C; "
        "print(C.objects.filter(ramp__team__memberships__user__username='teacher').first().pk)",
    )
    port = free_port()
    server = subprocess.Popen(
        [BREAKTHROUGH, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    answers: dict[str, int] = {}
    try:
        assert wait_for(f"{base}/health/", seconds=300)[0] == 200
        web = requests.Session()
        login = web.get(f"{base}/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        signed = web.post(
            f"{base}/accounts/login/",
            {"username": "teacher", "password": PASSWORD, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=30,
        )
        assert signed.status_code == 302
        page = web.get(f"{base}/pdsa/cycles/{cycle}/", timeout=30).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        down_pages: list[str] = []
        stop = threading.Event()

        def comment(n: int) -> None:
            body = f"fault-test comment {n}"
            try:
                answer = web.post(
                    f"{base}/pdsa/cycles/{cycle}/comments/",
                    {"body": body, "csrfmiddlewaretoken": token},
                    allow_redirects=False,
                    timeout=60,
                )
            except requests.RequestException:
                answers[body] = -1
                return
            answers[body] = answer.status_code
            if answer.status_code == 503:
                down_pages.append(answer.text)

        def keep_commenting() -> None:
            n = 0
            while not stop.is_set():
                comment(n)
                n += 1
                time.sleep(0.05)

        writer = threading.Thread(target=keep_commenting)
        writer.start()
        time.sleep(3)
        postgres.stop()  # in the middle of the saves
        time.sleep(3)
        postgres.start()
        time.sleep(3)
        stop.set()
        writer.join(timeout=120)
        after = len(answers)
        comment(after)  # the same server, after the database came back
        assert answers[f"fault-test comment {after}"] == 302, "the server did not recover without a restart"
    finally:
        server.terminate()
        server.wait(timeout=60)

    assert down_pages, f"no save met the stopped database: {sorted(set(answers.values()))}"
    assert all("Please try again" in p for p in down_pages)
    assert any("fault-test comment" in p for p in down_pages)  # the typed text comes back to its writer
    assert set(answers.values()) <= {302, 503}, answers
    saved = django_shell(
        env,
        "from breakthrough.core.models import Comment, AuditRecord as A; "
        "rows = Comment.objects.filter(body__startswith='fault-test comment'); "
        "audited = set(A.objects.filter(model_name='comment').values_list('object_id', flat=True)); "
        "import json; "
        "print(json.dumps([sorted(c.body for c in rows), all(str(c.pk) in audited for c in rows)]))",
    )
    bodies, all_audited = json.loads(saved)
    assert all_audited  # nothing half-written: every comment has its audit record
    assert bodies == sorted(b for b, status in answers.items() if status == 302)
