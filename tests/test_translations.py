"""Every user-facing string is translated into Spanish, and the catalogues are current.

Refresh with `./dev messages`, translate the new entries, and commit the .po and .mo files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "breakthrough"
CATALOGUES = sorted(SRC.glob("**/locale/es/LC_MESSAGES/django.po"))


def entries(po: Path) -> dict[str, tuple[str, bool]]:
    """msgid (with context and plural) → (msgstr joined, fuzzy) for every entry but the header."""
    found: dict[str, tuple[str, bool]] = {}
    for block in po.read_text().split("\n\n"):
        fuzzy = "#, fuzzy" in block
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            msgid = "\x04".join(
                filter(None, [fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural")])
            )
            translated = "".join(v for k, v in fields.items() if k.startswith("msgstr"))
            found[msgid] = (translated, fuzzy)
    return found


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 8


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_string_is_translated(po):
    missing = [msgid for msgid, (text, fuzzy) in entries(po).items() if not text or fuzzy]
    assert missing == [], f"{len(missing)} untranslated or fuzzy in {po}: {missing[:5]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_compiled_catalogue_matches(po, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True)
    assert po.with_suffix(".mo").read_bytes() == compiled.read_bytes(), f"recompile {po}: ./dev messages"


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    copy = tmp_path / "breakthrough"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "spc", "stats", "demo"))
    env = os.environ | {"DATABASE_URL": "sqlite:///:memory:", "DJANGO_SETTINGS_MODULE": "tests.settings"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    # Settings point LOCALE_PATHS at the real tree; run without them so the copy's own folders are used.
    env.pop("DJANGO_SETTINGS_MODULE")
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "es", "--no-location", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    for po in CATALOGUES:
        fresh = copy / po.relative_to(SRC)
        assert set(entries(fresh)) == set(entries(po)), f"{po} is stale: run ./dev messages and translate"


@pytest.mark.django_db
def test_a_page_reads_in_spanish(client, cast):
    client.force_login(cast.outsider)
    page = client.get("/", headers={"accept-language": "es"}).content.decode()  # the browser asks for Spanish
    assert 'lang="es"' in page
    assert "Te damos la bienvenida" in page


# The names xgettext looks for (Django's makemessages keywords); a translation function imported under
# any other name hides its strings from the catalogues, so they would stay English in every language.
KEYWORDS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext"}
KEYWORDS |= {"pgettext_lazy", "npgettext", "npgettext_lazy"}


def test_translation_functions_keep_names_the_extractor_knows():
    renamed = []
    for path in SRC.rglob("*.py"):
        for match in re.finditer(r"from django\.utils\.translation import ([^\n(]+)", path.read_text()):
            for part in match.group(1).split(","):
                name, _as, alias = part.strip().partition(" as ")
                if alias and alias.strip() not in KEYWORDS:
                    renamed.append(f"{path.relative_to(SRC)}: {name} as {alias}")
    assert not renamed, renamed
