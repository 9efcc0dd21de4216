"""Frozen result types of the SPC core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Runs:
    """Runs analysis of every series × phase (arrays of shape ``(n_series, n_phases)``).

    Phases a series does not have are NaN (numbers) and False (signal). Counts are floats
    so that "not defined" (no useful observation) can be NaN, as qicharts2's NA.
    """

    n_obs: FloatArray
    n_useful: FloatArray
    longest_run: FloatArray
    longest_run_max: FloatArray
    n_crossings: FloatArray
    n_crossings_min: FloatArray
    signal: BoolArray


@dataclass(frozen=True)
class Signals:
    """Per-point signal flags, each of shape ``(n_series, n_points)``.

    ``sigma``: the point lies outside the 3-sigma limits. ``runs``: the point's phase has an
    Anhøj runs signal (as qicharts2's ``runs.signal``). ``long_run``: the point belongs to a run on
    one side of the centre line longer than ``longest_run_max``. ``crossings``: the phase crosses its
    centre line too few times, and the point is one of its useful points (off the centre line).
    """

    sigma: BoolArray
    runs: BoolArray
    long_run: BoolArray
    crossings: BoolArray


@dataclass(frozen=True)
class Chart:
    """A computed chart: plotted values, lines and signals, each ``(n_series, n_points)``.

    ``phase`` numbers the phases of each series from 1; ``baseline`` and ``include`` say which
    points fed the centre line and limits; ``runs`` holds the per-phase runs analysis.
    """

    kind: str
    y: FloatArray
    center: FloatArray
    lcl: FloatArray
    ucl: FloatArray
    lcl_95: FloatArray
    ucl_95: FloatArray
    phase: IntArray
    baseline: BoolArray
    include: BoolArray
    signals: Signals
    runs: Runs

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_series, n_points)``."""
        return (int(self.y.shape[0]), int(self.y.shape[1]))


@dataclass(frozen=True)
class IHISignals:
    """Per-point flags of the IHI run-chart rules, each ``(n_series, n_points)``.

    ``shift``: the point is in a run of 6+ on one side of the median. ``trend``: the point is in 5+
    consecutive points going up (or down). ``runs``: the series has too few or too many runs and the
    point is a useful one. ``astronomical``: the point is far from the rest (see ``rules.ihi_rules``).
    ``n_runs`` is one number per series (NaN without useful points).
    """

    shift: BoolArray
    trend: BoolArray
    runs: BoolArray
    astronomical: BoolArray
    n_runs: FloatArray


LIMIT_NAMES = ("lcl", "ucl", "lcl_95", "ucl_95")


class LazyLimitsChart(Chart):
    """A :class:`Chart` whose four limit lines are computed on first use.

    For charts whose limits are centre ± 3 (2) × a sigma per point (P, P′, U, U′, I′), the batch core
    keeps that one sigma array instead of four per-point limit arrays; ``lcl``, ``ucl``, ``lcl_95``
    and ``ucl_95`` are then computed from it, once, with the same arithmetic (the same numbers).
    Pickled, it becomes a plain :class:`Chart`.
    """

    def __init__(self, limits: Callable[[], dict[str, FloatArray]], **fields: Any) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_limits", limits)
        object.__setattr__(self, "_made", None)

    def _limit(self, name: str) -> FloatArray:
        made: dict[str, FloatArray] | None = self.__dict__["_made"]
        if made is None:
            made = self.__dict__["_limits"]()
            object.__setattr__(self, "_made", made)
            object.__setattr__(self, "_limits", None)  # the kept sigma is no longer needed
        return made[name]

    @property
    def lcl(self) -> FloatArray:
        return self._limit("lcl")

    @property
    def ucl(self) -> FloatArray:
        return self._limit("ucl")

    @property
    def lcl_95(self) -> FloatArray:
        return self._limit("lcl_95")

    @property
    def ucl_95(self) -> FloatArray:
        return self._limit("ucl_95")

    def __reduce__(self) -> tuple[type[Chart], tuple[Any, ...]]:
        return (Chart, tuple(getattr(self, f) for f in Chart.__dataclass_fields__))
