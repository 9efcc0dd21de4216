"""Run every ``bench_*.py`` here (each exposes ``run() -> str``, a markdown section) and write README.md.

Usage: ``./dev bench`` (or ``python benchmarks/run.py [name ...]`` to run only some, e.g. ``spc``).
"""

from __future__ import annotations

import importlib.util
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = """# Benchmarks

Timings of the analytics core only (`breakthrough.spc`, `breakthrough.stats`) on synthetic arrays, written by
`./dev bench` (`python benchmarks/run.py`). Each section comes from one `bench_*.py` module.
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


def main(argv: list[str]) -> int:
    sections = [HEADER, f"Machine: {platform.machine()}, Python {platform.python_version()}, "
                        f"run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.\n"]  # fmt: skip
    for path in discover(argv):
        print(f"running {path.name} …", flush=True)
        section = load(path).run()
        print(section, flush=True)
        sections.append(section)
    (HERE / "README.md").write_text("\n".join(sections), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
