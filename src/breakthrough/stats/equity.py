"""Equity profile of behaviour incidents: risk, risk ratio and composition by group."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from breakthrough.stats._types import EquityProfile
from breakthrough.stats._validation import check_labels, check_level, check_vector, is_missing, sort_labels


def disproportionality(group: ArrayLike, incidents: ArrayLike, *, conf: float = 0.95) -> EquityProfile:
    """Disproportionality profile of children with behaviour incidents, one row per group.

    For each group g against all other children: risk ``a/n₁`` (children with ≥ 1 incident), the
    risk ratio against the other children with a Wald interval on the log scale,
    ``se = sqrt(1/a − 1/n₁ + 1/c − 1/n₀)``, the share of children with incidents and of enrollment,
    their difference (composition, in percentage points), and incident counts and shares.

    Parameters
    ----------
    group : array_like
        One label per child (e.g. race/ethnicity); a missing label excludes the child.
    incidents : array_like
        That child's number of incidents; a missing count excludes the child.
    conf : float
        Confidence level of the risk-ratio interval.

    Returns
    -------
    EquityProfile
        Arrays over the sorted groups. Edge cases follow IEEE arithmetic: a = 0 gives RR 0, c = 0 gives
        RR inf, and the interval is NaN whenever a or c is 0; no incidents at all gives NaN shares.
        ``flagged`` marks groups whose interval lies wholly above 1.

    References
    ----------
    Pyramid Model Consortium. Behavior Incident Report System (BIRS): equity profile
    (risk ratio and composition metrics). https://challengingbehavior.org
    Rothman, K. J., Greenland, S., & Lash, T. L. (2008). Modern Epidemiology (3rd ed.), ch. 14 (Wald
    interval for the risk ratio).

    Examples
    --------
    >>> p = disproportionality(["a", "a", "b", "b", "b", "b"], [1, 0, 0, 0, 2, 0])
    >>> p.groups, p.risk_ratio.tolist()
    (('a', 'b'), [2.0, 0.5])
    """
    level = check_level(conf, "conf")
    labels = check_labels(group, "group")
    counts = check_vector(incidents, "incidents")
    if len(labels) != counts.size:
        raise ValueError(f"incidents: length {counts.size} differs from group's {len(labels)}")
    neg = np.flatnonzero(counts < 0)
    if neg.size:
        raise ValueError(f"incidents: negative count at row {neg[0]}")
    keep = np.array([not is_missing(g) for g in labels]) & ~np.isnan(counts)
    lab = [g for g, k in zip(labels, keep, strict=True) if k]
    cnt = counts[keep]
    groups = sort_labels(lab, "group")
    member = np.array([[g == h for g in lab] for h in groups], dtype=bool).reshape(len(groups), len(lab))
    any_inc = cnt > 0
    n_total, a_total, inc_total = int(keep.sum()), int(any_inc.sum()), float(cnt.sum())
    n1 = member.sum(axis=1)
    a = (member & any_inc).sum(axis=1)
    inc = (member * cnt).sum(axis=1)
    n0, c = n_total - n1, a_total - a
    z = float(stats.norm.ppf(1 - (1 - level) / 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        risk, risk_other = a / n1, c / n0
        rr = risk / risk_other
        se = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n0)
        se = np.where((a == 0) | (c == 0), np.nan, se)
        low, high = np.exp(np.log(rr) - z * se), np.exp(np.log(rr) + z * se)
        pct_inc_children = 100 * a / a_total
        pct_enrol = 100 * n1 / n_total
        pct_incidents = 100 * inc / inc_total
    return EquityProfile(
        groups=tuple(groups),
        n_enrolled=n1.astype(np.int64),
        n_with_incident=a.astype(np.int64),
        risk=risk,
        n_other=n0.astype(np.int64),
        n_other_with_incident=c.astype(np.int64),
        risk_other=risk_other,
        risk_ratio=rr,
        se_log_rr=se,
        rr_ci_low=low,
        rr_ci_high=high,
        pct_of_children_with_incidents=pct_inc_children,
        pct_of_enrollment=pct_enrol,
        composition_diff=pct_inc_children - pct_enrol,
        n_incidents=inc.astype(np.int64),
        pct_of_incidents=pct_incidents,
        flagged=np.nan_to_num(low, nan=0.0) > 1,
        n_children=n_total,
        n_children_with_incident=a_total,
        n_incidents_total=int(inc_total),
        n_excluded_missing_group=int((~keep).sum()),
        z=z,
    )
