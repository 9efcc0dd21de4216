"""The one input gate of :mod:`breakthrough.stats`.

Every public function passes its arguments through these checks once. A bad input raises
``ValueError`` naming the argument and, where it applies, the row (0-based) or position.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

ALTERNATIVES = ("two-sided", "greater", "less")


def _to_float(values: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    try:
        out = np.asarray(arr, dtype=np.float64)
    except (TypeError, ValueError):
        flat = np.asarray(arr, dtype=object).reshape(-1)
        for pos, v in enumerate(flat):
            try:
                float(np.nan if v is None else v)
            except (TypeError, ValueError):
                raise ValueError(f"{name}: value {v!r} at position {pos} is not a number") from None
        raise ValueError(f"{name}: not numeric") from None
    return out


def check_matrix(
    values: ArrayLike, name: str, *, min_rows: int = 1, min_cols: int = 1, finite: bool = True
) -> NDArray[np.float64]:
    """A 2-D float array (rows × columns); NaN means missing, ±inf is refused.

    ``finite=False`` leaves the ±inf check to the caller (who must then call :func:`refuse_inf` when its
    own pass over the values meets an infinite one).
    """
    out = _to_float(values, name)
    if out.ndim != 2:
        raise ValueError(f"{name}: expected a 2-D array (rows × columns), got {out.ndim}-D")
    if out.shape[0] < min_rows:
        raise ValueError(f"{name}: needs at least {min_rows} rows, got {out.shape[0]}")
    if out.shape[1] < min_cols:
        raise ValueError(f"{name}: needs at least {min_cols} columns, got {out.shape[1]}")
    if finite and np.isinf(out).any():  # positions only when needed: argwhere costs more than the check
        refuse_inf(out, name)
    return out


def refuse_inf(values: NDArray[np.float64], name: str) -> None:
    """Raise the error naming the first infinite value of a 2-D array (if it has one)."""
    inf = np.argwhere(np.isinf(values))
    if inf.size:
        raise ValueError(f"{name}: infinite value at row {inf[0][0]}, column {inf[0][1]}")


def check_vector(values: ArrayLike, name: str, *, min_len: int = 1) -> NDArray[np.float64]:
    """A 1-D float array; NaN means missing, ±inf is refused."""
    out = _to_float(values, name)
    if out.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array, got {out.ndim}-D")
    if out.size < min_len:
        raise ValueError(f"{name}: needs at least {min_len} values, got {out.size}")
    bad = np.flatnonzero(np.isinf(out))
    if bad.size:
        raise ValueError(f"{name}: infinite value at position {bad[0]}")
    return out


def check_pair(post: ArrayLike, pre: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Two vectors of equal length, reduced to the pairs complete in both."""
    a = check_vector(post, "post")
    b = check_vector(pre, "pre")
    if a.size != b.size:
        raise ValueError(f"pre: length {b.size} differs from post's {a.size}")
    keep = ~(np.isnan(a) | np.isnan(b))
    return a[keep], b[keep]


def check_keys(keys: ArrayLike | None, n_items: int) -> NDArray[np.float64]:
    """Item keys: +1 (as is) or −1 (reverse), one per item; None means all +1."""
    if keys is None:
        return np.ones(n_items)
    k = check_vector(keys, "keys")
    if k.size != n_items:
        raise ValueError(f"keys: {k.size} keys for {n_items} items")
    if not (np.abs(k) == 1.0).all():
        bad = np.flatnonzero(np.abs(k) != 1.0)
        raise ValueError(f"keys: position {bad[0]} is {k[bad[0]]!r}; use 1 or -1")
    return k


def check_level(level: float, name: str = "ci") -> float:
    """A confidence level strictly between 0 and 1."""
    lv = float(level)
    if not 0.0 < lv < 1.0:
        raise ValueError(f"{name}: must be between 0 and 1, got {level!r}")
    return lv


def check_alternative(alternative: str) -> str:
    """One of ``two-sided``, ``greater``, ``less`` (``two.sided`` is accepted)."""
    alt = "two-sided" if alternative == "two.sided" else alternative
    if alt not in ALTERNATIVES:
        raise ValueError(f"alternative: must be one of {ALTERNATIVES}, got {alternative!r}")
    return alt


def check_choice(value: Any, name: str, choices: tuple[Any, ...]) -> Any:
    """One of a fixed set of options."""
    if value not in choices:
        raise ValueError(f"{name}: must be one of {choices}, got {value!r}")
    return value


def check_counts(counts: ArrayLike, name: str = "counts") -> NDArray[np.float64]:
    """Non-negative whole counts (1-D or 2-D)."""
    out = _to_float(counts, name)
    if out.ndim not in (1, 2):
        raise ValueError(f"{name}: expected a 1-D or 2-D array, got {out.ndim}-D")
    bad = np.argwhere(~np.isfinite(out) | (out < 0) | (out != np.round(out)))
    if bad.size:
        where = ", ".join(str(int(i)) for i in bad[0])
        raise ValueError(f"{name}: cell ({where}) is not a non-negative whole count")
    return out


def is_missing(value: Any) -> bool:
    """True for None and float NaN (pandas' NA too)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def check_labels(values: ArrayLike, name: str) -> list[Any]:
    """A 1-D sequence of labels (numbers or strings); None/NaN means missing."""
    arr = np.asarray(values, dtype=object)
    if arr.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D array, got {arr.ndim}-D")
    return list(arr)


def sort_labels(labels: list[Any], name: str) -> list[Any]:
    """Distinct labels in R's order: numeric order for numbers, code-point order for strings."""
    distinct = list(dict.fromkeys(labels))
    try:
        return sorted(distinct)
    except TypeError:
        raise ValueError(f"{name}: labels mix numbers and text: {distinct!r}") from None
