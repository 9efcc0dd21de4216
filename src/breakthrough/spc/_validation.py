"""The one input gate of the SPC core: every public function checks its input here, once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

METHODS = ("anhoej", "bestbox", "cutbox")


def check_series(
    name: str, values: ArrayLike, *, shape: tuple[int, int] | None = None
) -> NDArray[np.float64]:
    """Return ``values`` as a float array of shape ``(n_series, n_points)``.

    A 1-D input is one series. ``None`` entries become NaN (a missing month). Raises ValueError
    naming the argument, and the first offending position for infinite values.
    """
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 1-D (one series) or 2-D (n_series, n_points), got {arr.ndim}-D")
    if np.isinf(arr).any():
        pos = tuple(int(i) for i in np.argwhere(np.isinf(arr))[0])
        raise ValueError(f"{name}{list(pos)} is infinite; use NaN for a missing value")
    if shape is not None and arr.shape != shape:
        raise ValueError(f"{name} has shape {arr.shape}, expected {shape} like the first argument")
    return arr


def check_positive(name: str, arr: NDArray[np.float64], what: str) -> None:
    """Raise ValueError naming the first position where ``arr`` is not > 0 (NaN allowed)."""
    bad = arr <= 0
    if bad.any():
        pos = [int(i) for i in np.argwhere(bad)[0]]
        raise ValueError(f"{name}{pos} is {arr[tuple(pos)]:g}: {what} must be greater than zero")


def check_nonnegative(name: str, arr: NDArray[np.float64]) -> None:
    """Raise ValueError naming the first negative entry of ``arr`` (NaN allowed)."""
    bad = arr < 0
    if bad.any():
        pos = [int(i) for i in np.argwhere(bad)[0]]
        raise ValueError(f"{name}{pos} is {arr[tuple(pos)]:g}: must not be negative")


def check_mask(name: str, mask: ArrayLike | None, shape: tuple[int, int]) -> NDArray[np.bool_]:
    """Broadcast a boolean mask (per point, or per series × point) to ``shape``; None = all False."""
    if mask is None:
        return np.zeros(shape, dtype=bool)
    arr = np.asarray(mask)
    if arr.dtype != np.bool_:
        raise ValueError(f"{name} must be a boolean mask, got dtype {arr.dtype}")
    try:
        return np.broadcast_to(arr, shape)
    except ValueError:
        raise ValueError(f"{name} has shape {arr.shape}, which does not fit the data's {shape}") from None


def check_positions(name: str, positions: Sequence[Any] | ArrayLike | None) -> list[int]:
    """Return integer positions (>= 0) or raise ValueError naming the argument and index."""
    if positions is None:
        return []
    items: list[Any] = [positions] if np.ndim(positions) == 0 else list(np.asarray(positions, dtype=object))
    out = []
    for i, p in enumerate(items):
        if isinstance(p, bool) or not float(p).is_integer() or p < 0:
            raise ValueError(f"{name}[{i}] is {p!r}: positions must be whole numbers >= 0")
        out.append(int(p))
    return out


def check_freeze(freeze: Any) -> int | None:
    """Return freeze as an int >= 1 or None."""
    if freeze is None:
        return None
    if isinstance(freeze, bool) or not float(freeze).is_integer() or freeze < 1:
        raise ValueError(f"freeze is {freeze!r}: it must be a whole number of points >= 1")
    return int(freeze)


def check_cl(cl: ArrayLike | None, n_series: int) -> NDArray[np.float64]:
    """A fixed centre line, scalar or one per series (NaN = compute it) as shape ``(n_series,)``."""
    if cl is None:
        return np.full(n_series, np.nan)
    arr = np.asarray(cl, dtype=np.float64)
    if arr.ndim == 0:
        return np.full(n_series, float(arr))
    if arr.shape != (n_series,):
        raise ValueError(f"cl has shape {arr.shape}: give one number, or one per series ({n_series})")
    return arr


def check_method(method: str) -> str:
    """The runs-analysis method: 'anhoej', 'bestbox' or 'cutbox'."""
    if method not in METHODS:
        raise ValueError(f"method is {method!r}: choose one of {', '.join(METHODS)}")
    return method


def check_multiply(multiply: Any) -> float:
    """A finite number to multiply y and the lines by."""
    try:
        value = float(multiply)
    except (TypeError, ValueError):
        raise ValueError(f"multiply is {multiply!r}: it must be a number") from None
    if not np.isfinite(value):
        raise ValueError(f"multiply is {multiply!r}: it must be finite")
    return value
