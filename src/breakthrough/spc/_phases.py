"""Lay series × phases out as rows, and back: each phase is computed as its own series."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from breakthrough.spc._types import IntArray


@dataclass(frozen=True)
class Layout:
    """Where each point of an ``(n_series, n_points)`` array sits in the ``(rows, width)`` phase layout."""

    n_phases: int
    row: NDArray[np.intp]
    pos: NDArray[np.intp]
    width: int

    def pack(self, a: NDArray[Any], fill: object) -> NDArray[Any]:
        if self.n_phases == 1:
            return a
        out = np.full((self.row.shape[0] * self.n_phases, self.width), fill, dtype=a.dtype)
        out[self.row, self.pos] = a
        return out

    def unpack(self, a: NDArray[Any]) -> NDArray[Any]:
        if self.n_phases == 1:
            return a
        return a[self.row, self.pos]


def phases_from_breaks(breaks: list[int], n_series: int, n_points: int) -> IntArray:
    """Phase numbers (from 1) when a new phase starts after each position in ``breaks``.

    Breaks outside 1..n_points−1 are ignored, as qicharts2's ``part``.
    """
    b = np.unique([x for x in breaks if 0 < x < n_points])
    phase = (1 + np.searchsorted(b, np.arange(n_points), side="right")).astype(np.int64)
    return np.broadcast_to(phase, (n_series, n_points))  # read-only: one row shared by every series


def layout(phase: IntArray, k: int | None = None, width: int | None = None) -> Layout:
    """The phase layout of non-decreasing phase numbers (from 1) along each row.

    ``k`` (rows per series) and ``width`` default to what ``phase`` needs; a block of series passes
    those of the whole array so that its rows are laid out as they would be in one piece.
    """
    n_series, n_points = phase.shape
    k = int(phase.max(initial=1)) if k is None else k
    if k == 1:
        return Layout(1, np.empty((0, 0), np.intp), np.empty((0, 0), np.intp), n_points)
    j = np.arange(n_points)
    starts = np.ones(phase.shape, dtype=bool)
    starts[:, 1:] = phase[:, 1:] != phase[:, :-1]
    start = np.maximum.accumulate(np.where(starts, j, 0), axis=1)
    pos = (j - start).astype(np.intp)
    row = (np.arange(n_series)[:, None] * k + phase - 1).astype(np.intp)
    return Layout(k, row, pos, int(pos.max(initial=0)) + 1 if width is None else width)
