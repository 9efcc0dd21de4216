"""Read the arguments of the R call stored with each reference case (``r_call``).

Only R literals appear there: numbers, strings, TRUE/FALSE/NULL, ``c(...)``, ``a:b`` and ``-x``;
``factor(var, levels = c(...))`` terms of an ``lm`` formula are read by :func:`factor_levels`.
"""

from __future__ import annotations

import re
from typing import Any


def _split_args(text: str) -> list[str]:
    depth, quote, start, out = 0, False, 0, []
    for i, ch in enumerate(text):
        if ch == '"':
            quote = not quote
        elif not quote and ch == "(":
            depth += 1
        elif not quote and ch == ")":
            depth -= 1
        elif not quote and ch == "," and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    out.append(text[start:].strip())
    return [a for a in out if a]


def literal(text: str) -> Any:
    """Evaluate one R literal."""
    text = text.strip()
    if text in ("TRUE", "FALSE"):
        return text == "TRUE"
    if text == "NULL":
        return None
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    if text.startswith("c(") and text.endswith(")"):
        return [literal(a) for a in _split_args(text[2:-1])]
    if text.startswith("matrix(") and text.endswith(")"):
        return _matrix(text[7:-1])
    if re.fullmatch(r"-?\d+:-?\d+", text):
        a, b = (int(v) for v in text.split(":"))
        return list(range(a, b + 1) if a <= b else range(a, b - 1, -1))
    try:
        return float(text)
    except ValueError:
        return ("name", text)


def _matrix(inner: str) -> list[list[Any]]:
    """``matrix(data, nrow, ncol, byrow = FALSE)`` as a list of rows (R fills by column)."""
    parts = _split_args(inner)
    data = literal(parts[0])
    data = data if isinstance(data, list) else [data]
    named = {}
    pos = []
    for p in parts[1:]:
        m = re.match(r"^(\w+)\s*=\s*(.*)$", p)
        if m:
            named[m.group(1)] = literal(m.group(2))
        else:
            pos.append(literal(p))
    nrow = int(named.get("nrow", pos[0] if pos else len(data)))
    ncol = int(named.get("ncol", pos[1] if len(pos) > 1 else len(data) // nrow))
    if named.get("byrow", False):
        return [data[i * ncol : (i + 1) * ncol] for i in range(nrow)]
    return [[data[j * nrow + i] for j in range(ncol)] for i in range(nrow)]


def call_args(r_call: str) -> tuple[list[Any], dict[str, Any]]:
    """Positional and named arguments of the outermost call."""
    inner = r_call[r_call.index("(") + 1 : r_call.rindex(")")]
    pos, named = [], {}
    for arg in _split_args(inner):
        m = re.match(r"^([A-Za-z_.][\w.]*)\s*=(?!=)\s*(.*)$", arg, re.S)
        if m and "~" not in arg:
            named[m.group(1)] = literal(m.group(2))
        else:
            pos.append(arg if "~" in arg else literal(arg))
    return pos, named


def factor_levels(formula: str, var: str) -> list[Any] | None:
    """The ``levels`` given to ``factor(var, levels = c(...))`` in a formula, if any."""
    m = re.search(rf"factor\(\s*{var}\s*,\s*levels\s*=\s*(c\([^)]*\))\s*\)", formula)
    return literal(m.group(1)) if m else None
