"""Production settings pass `check --deploy`; `serve` refuses a short or development SECRET_KEY; HTTPS
settings come from the environment (docs/deployment.md)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BREAKTHROUGH = str(Path(sys.executable).with_name("breakthrough"))

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "breakthrough.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://breakthrough.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
}
READ = (
    "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps(["
    "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]))"
)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    dropped = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "SECURE_COOKIES", "EMAIL_BACKEND"}
    dropped |= {"DJANGO_ALLOW_ASYNC_UNSAFE"}  # the browser tests' switch (tests/conftest.py)
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    ours = {"BREAKTHROUGH_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "breakthrough.settings"}
    return base | ours | extra


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    check = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    result = _run(check, _env(tmp_path, **PRODUCTION))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_settings_are_read_from_the_environment(tmp_path):
    def read(**env: str) -> list:
        out = _run([sys.executable, "-c", READ], _env(tmp_path, **env))
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    assert read(**PRODUCTION) == [True, 31536000, True, True, ["HTTP_X_FORWARDED_PROTO", "https"], True, True]
    assert read(DEBUG="false")[5:] == [True, True]  # secure cookies whenever DEBUG is off
    assert read(DEBUG="true")[5:] == [False, False]
    assert read(DEBUG="false", SECURE_COOKIES="false")[5:] == [False, False]  # plain-HTTP loopback, by choice
    assert read(SECURE_PROXY_SSL_HEADER="HTTP_X_SCHEME=secure")[4] == ["HTTP_X_SCHEME", "secure"]


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("short-but-not-the-default", "fewer than 50"),
        ("breakthrough-development-key-not-for-production", "development"),
    ],
)
def test_serve_refuses_a_short_or_development_secret_key(tmp_path, key, says):
    result = _run([BREAKTHROUGH, "serve"], _env(tmp_path, DEBUG="false", SECRET_KEY=key))
    assert result.returncode != 0
    assert says in result.stderr
