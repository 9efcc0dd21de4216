"""Study statistics (pure numpy/scipy/pandas/statsmodels; no Django, no I/O, no global state).

Conventions
-----------
- Respondents, subjects or children are **rows**; items or raters are **columns**
  (``items`` has shape ``(n_respondents, n_items)``). Missing values are ``NaN`` (or ``None`` in label
  arrays) and are never silently dropped from the output: a score that cannot be computed is ``NaN``.
- Paired data (``post``, ``pre``) are reduced to the pairs complete in both; a difference is
  always ``post − pre``.
- Every public function checks its input once (``_validation.py``) and raises ``ValueError`` naming
  the argument and the row or position at fault; cases where the reference (R) errors raise too.
- Results are frozen dataclasses of floats and numpy arrays (``_types.py``).
- Each function follows a named source (numpydoc "References"); where R's packages differ from the
  textbook definition, the textbook is the default and R's behaviour an option (``variance="psych"``
  for weighted kappa, ``method="reml"`` for psych's ICC, ``scale_min="observed"`` for scoreItems).
- Alternatives are ``"two-sided"``, ``"greater"``, ``"less"``; confidence levels are in (0, 1).
- Nothing here is random; a future bootstrap will take an ``rng`` argument.
"""

from __future__ import annotations

from breakthrough.stats._types import (
    ICC,
    Alpha,
    AlphaDropped,
    DiD,
    EffectSize,
    EquityProfile,
    ItemStats,
    Kappa,
    ScaleScores,
    Suppressed,
    TTest,
    Wilcoxon,
)
from breakthrough.stats.agreement import cohen_kappa, percent_agreement
from breakthrough.stats.change import (
    cohens_d,
    hedges_g,
    hedges_j,
    paired_difference,
    paired_t,
    wilcoxon_signed_rank,
)
from breakthrough.stats.did import did_mixed, did_ols
from breakthrough.stats.engagement import (
    DoseResponse,
    EngagementIndex,
    ReliableChange,
    dose_response,
    engagement_index,
    reliable_change,
)
from breakthrough.stats.equity import disproportionality
from breakthrough.stats.reliability import cronbach_alpha, icc
from breakthrough.stats.scales import reverse_items, scale_scores
from breakthrough.stats.suppression import disclosed_cells, suppress_small_cells

__all__ = [
    "ICC",
    "Alpha",
    "AlphaDropped",
    "DiD",
    "DoseResponse",
    "EffectSize",
    "EngagementIndex",
    "EquityProfile",
    "ItemStats",
    "Kappa",
    "ReliableChange",
    "ScaleScores",
    "Suppressed",
    "TTest",
    "Wilcoxon",
    "cohen_kappa",
    "cohens_d",
    "cronbach_alpha",
    "did_mixed",
    "did_ols",
    "disclosed_cells",
    "disproportionality",
    "dose_response",
    "engagement_index",
    "hedges_g",
    "hedges_j",
    "icc",
    "paired_difference",
    "paired_t",
    "percent_agreement",
    "reliable_change",
    "reverse_items",
    "scale_scores",
    "suppress_small_cells",
    "wilcoxon_signed_rank",
]
