"""The interface is in American English (a US program): no British spellings among the strings people read."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "breakthrough"
BRITISH = re.compile(
    r"\b(centre|centres|colour|colours|behaviour|behaviours|organisation|organisational|programme|programmes|"
    r"licence|favour|recognise|recognised|analysed|summarise|summarised|prioritise|minimise|optimise|"
    r"judgement|enrolment|practise|labelled|cancelled|travelling|modelling)\b",
    re.IGNORECASE,
)


def _msgids(po: Path) -> list[str]:
    ids, current = [], None
    for line in po.read_text().splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            current = [line.split(" ", 1)[1].strip('"')]
            ids.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line.strip('"'))
        else:
            current = None
    return ["".join(parts) for parts in ids]


def test_no_british_spelling_in_any_string_people_read():
    found = [
        f"{po.relative_to(SRC)}: {text}"
        for po in SRC.rglob("locale/es/LC_MESSAGES/django.po")
        for text in _msgids(po)
        if BRITISH.search(text)
    ]
    assert found == []
