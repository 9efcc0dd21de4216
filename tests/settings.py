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
