"""Test settings: the real settings, with a fast password hasher."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from breakthrough.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT = BASE_DIR / "locale"  # noqa: F405 - a folder that exists, so WhiteNoise has none to miss
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="breakthrough-test-media-"))  # uploads in tests go nowhere lasting
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# The test database of SQLite runs is a file, not memory: Django shares one in-memory connection between the
# live server's request threads, and two requests at once (htmx checks as you type) then misuse it. Each test
# process (each pytest-xdist worker, `./dev test` runs one per CPU) makes its own folder for it; PostgreSQL
# runs get a test database per worker from pytest-django (test_breakthrough_gw0, …).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _TEST_DB_DIR = Path(tempfile.mkdtemp(prefix="breakthrough-test-db-"))
    atexit.register(shutil.rmtree, _TEST_DB_DIR, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DB_DIR / "test.sqlite3")}  # noqa: F405

# Sign-in throttling and the two-factor requirement are switched on by the tests that are about them
# (tests/accounts); elsewhere a cast member signs in with force_login and the password alone.
AXES_ENABLED = False
TWO_FACTOR_REQUIRED = False

# The file cache lives in the data directory, shared by every process on the machine: each test process gets
# a folder of its own, so one pytest-xdist worker's entries (or cache.clear()) never reach another's tests.
_CACHE_DIR = tempfile.mkdtemp(prefix="breakthrough-test-cache-")
CACHES["default"]["LOCATION"] = _CACHE_DIR  # noqa: F405
atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)
