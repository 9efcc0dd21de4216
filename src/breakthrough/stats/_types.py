"""Result types of :mod:`breakthrough.stats`: frozen dataclasses of arrays and floats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class ScaleScores:
    """Scale scores of respondents (rows) on one scale.

    ``scores`` is NaN for a respondent below the minimum-items-answered rule.
    ``alpha`` and ``average_r`` describe the keyed items used (``item_index``); they are computed when
    first read (scoring alone does not pay for the scale's covariance matrix).
    """

    scores: FloatArray
    n_answered: NDArray[np.int64]
    n_items: int
    item_index: NDArray[np.int64]
    alpha_of: Callable[[], tuple[float, float]] = field(repr=False, compare=False)

    @cached_property
    def _alpha(self) -> tuple[float, float]:
        return self.alpha_of()

    @property
    def alpha(self) -> float:
        """Cronbach's alpha of the keyed items used."""
        return self._alpha[0]

    @property
    def average_r(self) -> float:
        """The average inter-item correlation implied by alpha."""
        return self._alpha[1]


@dataclass(frozen=True)
class AlphaDropped:
    """Statistics recomputed with each item left out (one entry per kept item)."""

    raw_alpha: FloatArray
    std_alpha: FloatArray
    g6: FloatArray
    average_r: FloatArray
    signal_noise: FloatArray
    alpha_se: FloatArray
    var_r: FloatArray
    median_r: FloatArray


@dataclass(frozen=True)
class ItemStats:
    """Per-item statistics (one entry per kept item)."""

    n: NDArray[np.int64]
    raw_r: FloatArray
    std_r: FloatArray
    r_cor: FloatArray
    r_drop: FloatArray
    mean: FloatArray
    sd: FloatArray


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha and its companions, as ``psych::alpha`` reports them."""

    raw_alpha: float
    std_alpha: float
    g6: float
    average_r: float
    signal_noise: float
    ase: float
    mean: float
    sd: float
    median_r: float
    var_r: float
    feldt_lower: float
    feldt_upper: float
    scores: FloatArray
    item_index: NDArray[np.int64]
    dropped: AlphaDropped
    items: ItemStats


@dataclass(frozen=True)
class ICC:
    """The six Shrout–Fleiss intraclass correlations.

    Arrays are in the order ``ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k`` (see ``TYPES``); for a batch of
    sets every array gains a leading axis (one row per set), and the mean squares are arrays.
    """

    TYPES = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")

    icc: FloatArray
    f: FloatArray
    df1: FloatArray
    df2: FloatArray
    p: FloatArray
    lower: FloatArray
    upper: FloatArray
    msb: float | FloatArray
    msj: float | FloatArray
    mse: float | FloatArray
    msw: float | FloatArray
    n_subjects: int
    n_raters: int
    method: str
    variance_components: FloatArray


@dataclass(frozen=True)
class Kappa:
    """Cohen's kappa, unweighted and weighted, with variances and confidence intervals."""

    kappa: float
    weighted_kappa: float
    var_kappa: float
    var_weighted: float
    kappa_ci: tuple[float, float]
    weighted_ci: tuple[float, float]
    n_obs: int
    levels: tuple[object, ...]
    agree: FloatArray
    weights: FloatArray
    percent_agreement: float


@dataclass(frozen=True)
class EffectSize:
    """A standardized mean difference with its confidence interval."""

    name: str
    estimate: float
    ci_low: float
    ci_high: float
    ci_level: float
    mean_diff: float
    standardizer: float
    t: float
    df: float
    paired: bool


@dataclass(frozen=True)
class TTest:
    """A paired t test of ``post - pre``."""

    statistic: float
    df: float
    p_value: float
    ci_low: float
    ci_high: float
    estimate: float
    stderr: float
    n: int
    alternative: str


@dataclass(frozen=True)
class Wilcoxon:
    """Wilcoxon signed rank test; ``statistic`` is V, the sum of positive ranks."""

    statistic: float
    p_value: float
    exact: bool
    correct: bool
    n_nonzero: int
    n_zero: int
    has_ties: bool
    alternative: str


@dataclass(frozen=True)
class DiD:
    """Difference in differences: coefficients of ``score ~ group * time``.

    Terms are ``("(Intercept)", "group", "time", "group:time")``. A term that is not estimable (aliased:
    a linear combination of the terms before it, e.g. ``group`` when every row is in one group) is
    flagged in ``aliased`` and reported as R's ``lm`` reports NA: NaN estimate, SE, t, p and interval, and
    a NaN row and column in ``vcov`` (4 × 4 always). ``df`` is the residual df (OLS) or the
    Satterthwaite df per term (mixed model).
    """

    TERMS = ("(Intercept)", "group", "time", "group:time")

    estimate: FloatArray
    se: FloatArray
    t: FloatArray
    df: FloatArray
    p: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    vcov: FloatArray
    nobs: int
    n_dropped: int
    sigma: float
    r_squared: float = float("nan")
    adj_r_squared: float = float("nan")
    classroom_var: float = float("nan")
    residual_var: float = float("nan")
    theta: float = float("nan")
    criterion: float = float("nan")
    log_lik: float = float("nan")
    n_classrooms: int = 0
    is_singular: bool = False
    method: str = "ols"
    aliased: BoolArray = field(default_factory=lambda: np.zeros(4, dtype=bool))

    @property
    def did(self) -> float:
        """The ``group:time`` estimate (the difference in differences)."""
        return float(self.estimate[3])


@dataclass(frozen=True)
class Suppressed:
    """A count table after small-cell suppression."""

    values: FloatArray
    primary: BoolArray
    complementary: BoolArray

    @property
    def hidden(self) -> BoolArray:
        """Cells not shown (primary or complementary)."""
        return self.primary | self.complementary


@dataclass(frozen=True)
class EquityProfile:
    """Disproportionality profile of behaviour incidents, one entry per group (sorted)."""

    groups: tuple[object, ...]
    n_enrolled: NDArray[np.int64]
    n_with_incident: NDArray[np.int64]
    risk: FloatArray
    n_other: NDArray[np.int64]
    n_other_with_incident: NDArray[np.int64]
    risk_other: FloatArray
    risk_ratio: FloatArray
    se_log_rr: FloatArray
    rr_ci_low: FloatArray
    rr_ci_high: FloatArray
    pct_of_children_with_incidents: FloatArray
    pct_of_enrollment: FloatArray
    composition_diff: FloatArray
    n_incidents: NDArray[np.int64]
    pct_of_incidents: FloatArray
    flagged: BoolArray
    n_children: int
    n_children_with_incident: int
    n_incidents_total: int
    n_excluded_missing_group: int
    z: float
