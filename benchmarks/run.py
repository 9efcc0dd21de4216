"""Run every ``bench_*.py`` here (each exposes ``run() -> str``, a markdown section) and write README.md.

Usage: ``./dev bench`` (or ``python benchmarks/run.py [name ...]`` to run only some, e.g. ``spc``).
"""

from __future__ import annotations

import importlib.util
import platform
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = """# Benchmarks

Written by `./dev bench` (`python benchmarks/run.py [spc|stats|dashboards ...]`; running some keeps the
other sections). Each section comes from one `bench_*.py` module and compares against a peer measured in the
same run: the analytics core (`breakthrough.spc`, `breakthrough.stats`) on synthetic arrays, and the
dashboards against the floor of reading the same rows from the database.
"""


def discover(names: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    return [p for p in found if not names or p.stem.removeprefix("bench_") in names]


def load(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kept_sections(readme: Path) -> dict[str, str]:
    """The sections of the current README by benchmark name, so running some keeps the others."""
    if not readme.exists():
        return {}
    found = re.findall(r"<!-- bench:(\w+) -->\n(.*?)<!-- /bench:\1 -->", readme.read_text(), re.S)
    return dict(found)


def main(argv: list[str]) -> int:
    readme = HERE / "README.md"
    sections = kept_sections(readme)
    for path in discover(argv):
        print(f"running {path.name} …", flush=True)
        section = load(path).run()
        print(section, flush=True)
        name = path.stem.removeprefix("bench_")
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        sections[name] = (
            f"{section.rstrip()}\n\n_Run {stamp} on {platform.machine()}, "
            f"Python {platform.python_version()}._\n"
        )
    body = [HEADER] + [
        f"<!-- bench:{name} -->\n{text}<!-- /bench:{name} -->\n" for name, text in sorted(sections.items())
    ]
    readme.write_text("\n".join(body), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
