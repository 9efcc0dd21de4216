"""Critical values of the run-chart rules, each computed or transcribed with its source."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy import stats

# Anhøj's "best box" and "cut box" limits for 10 <= n.useful <= 100 (crossings lower bound cb, longest
# run upper bound lb, and the borderline values cbord/lbord of the cut box), as published in qicharts2
# 0.8.1 (function crsignal). Source: Anhøj J, Wentzel-Larsen T. Smooth run chart rules (2018-2020),
# implemented in qicharts2 by J. Anhøj; see https://github.com/anhoej/qicharts2. NaN = no border cell.
_NA = np.nan
BOX_N = np.arange(10, 101)
BOX_CB = np.array(
    [2, 3, 3, 3, 3, 4, 5, 5, 5, 5, 6, 7, 6, 6, 6, 6, 9, 9, 9, 10, 11, 11, 11, 11, 11, 12,
     13, 14, 13, 15, 15, 15, 14, 14, 17, 17, 17, 17, 19, 19, 19, 19, 19, 21, 21, 21, 21, 23, 23, 23, 23, 23,
     25, 25, 26, 26, 27, 27, 27, 28, 29, 29, 29, 30, 30, 31, 31, 31, 32, 33, 33, 33, 34, 33, 35, 35, 35, 35,
     37, 37, 38, 37, 39, 39, 39, 39, 39, 41, 41, 42, 41],
    dtype=float,
)  # fmt: skip
BOX_LB = np.array(
    [6, 7, 6, 6, 6, 7, 8, 7, 7, 7, 7, 8, 7, 7, 7, 7, 9, 8, 8, 8, 10, 9, 8, 8, 8, 8,
     9, 10, 8, 11, 9, 9, 8, 8, 10, 9, 9, 9, 12, 10, 9, 9, 9, 11, 10, 9, 9, 12, 10, 10, 9, 9,
     11, 10, 11, 10, 12, 10, 10, 11, 14, 11, 10, 11, 10, 12, 11, 10, 11, 13, 11, 10, 11, 10, 11, 11, 10, 10,
     12, 11, 12, 10, 13, 11, 11, 10, 10, 12, 11, 12, 10],
    dtype=float,
)  # fmt: skip
BOX_CBORD = np.array(
    [3, 4, _NA, _NA, _NA, 6, 6, _NA, 6, 6, _NA, _NA, 7, 7, 7, _NA, 10, 10, 11, _NA, 12, 14, _NA, 12, 13, _NA,
     15, _NA, _NA, _NA, _NA, 17, _NA, _NA, _NA, _NA, 19, 20, 20, 21, _NA, 21, 21, 23, 23, _NA, 23, 25, 24, 26,
     _NA, 24, 27, 27, 27, 27, 29, _NA, 29, 29, 30, 31, 30, 31, _NA, 32, 34, 33, 33, 37, 35, _NA, 36, 36, _NA,
     38, 36, 38, 38, 39, _NA, 39, 41, 40, 42, _NA, 41, 42, 44, 43, 42],
)  # fmt: skip
BOX_LBORD = np.array(
    [5, 6, _NA, _NA, _NA, 6, 7, _NA, 6, 5, _NA, _NA, 6, 6, 6, _NA, 7, 7, 7, _NA, 9, 8, _NA, 7, 7, _NA,
     8, _NA, _NA, _NA, _NA, 8, _NA, _NA, _NA, _NA, 8, 7, 11, 9, _NA, 8, 7, 9, 8, _NA, 8, 11, 9, 8, _NA, 8,
     9, 9, 10, 9, 10, _NA, 8, 8, 13, 9, 9, 10, _NA, 9, 8, 9, 8, 11, 9, _NA, 10, 7, _NA, 8, 9, 8,
     10, 9, _NA, 9, 12, 10, 8, _NA, 8, 9, 9, 10, 9],
)  # fmt: skip


@lru_cache(maxsize=8)
def anhoej_table(n_max: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``(longest_run_max, n_crossings_min)`` indexed by n.useful = 0..n_max (index 0 is NaN).

    longest_run_max = round(log2(n)) + 3 (Schilling 2012); n_crossings_min = the 5% quantile of
    Binomial(n − 1, 0.5) (Chen 2010), as qicharts2's ``qbinom(0.05, n - 1, 0.5)``.
    """
    n = np.arange(n_max + 1, dtype=float)
    with np.errstate(divide="ignore"):
        longest = np.round(np.log2(n)) + 3
    crossings = stats.binom.ppf(0.05, np.maximum(n - 1, 0), 0.5)
    longest[0] = crossings[0] = np.nan
    crossings[1] = 0.0
    return longest, crossings


# Too few / too many runs on a run chart: for n useful observations (10..60), fewer runs than LOWER or
# more than UPPER is a signal. Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool
# for learning from variation in healthcare processes. BMJ Qual Saf 2011;20:46-51, Table 1 (derived from
# Swed FS, Eisenhart C. Ann Math Stat 1943;14:66-87). Index = n - 10.
SE_N = np.arange(10, 61)
SE_LOWER = np.array(
    [3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 9, 10, 10, 10, 11, 11, 11, 12, 12, 13, 13, 13, 14, 14,
     15, 15, 16, 16, 17, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24],
    dtype=float,
)  # fmt: skip
SE_UPPER = np.array(
    [9, 10, 11, 11, 12, 12, 13, 13, 14, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 22, 23, 23, 24, 24,
     25, 25, 26, 26, 27, 27, 28, 28, 29, 30, 30, 31, 31, 32, 32, 33, 33, 34, 35, 35, 36, 36, 37, 38, 38],
    dtype=float,
)  # fmt: skip


def runs_limits(n_useful: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lower and upper limits for the number of runs (Perla et al. 2011, Table 1); NaN outside 10..60."""
    ok = (n_useful >= 10) & (n_useful <= 60)
    idx = np.where(ok, n_useful - 10, 0).astype(np.intp)
    return np.where(ok, SE_LOWER[idx], np.nan), np.where(ok, SE_UPPER[idx], np.nan)
