"""Run charts and control charts with their signal rules (pure numpy; no Django, no I/O).

Conventions
-----------
- Data are arrays of shape ``(n_series, n_points)``: one series per row (a team, a measure), one
  point per column (a month). A 1-D array is one series.
- A missing point is NaN and keeps its place; it never shifts later points.
- Every function validates its input once and raises ``ValueError`` naming the argument and the
  position; results are frozen dataclasses of arrays (``Chart``, ``Runs``, ``Signals``).
- Computation is vectorised over all series at once; nothing loops over series.
- Semantics and constants follow qicharts2 0.8.1 (d2 = 1.128, D4 = 3.267, screened moving ranges);
  ``qic()`` is the qicharts2-compatible face returning its data frame.
"""

from __future__ import annotations

from breakthrough.spc._types import Chart, IHISignals, Runs, Signals
from breakthrough.spc.charts import (
    c_chart,
    g_chart,
    i_chart,
    ip_chart,
    mr_chart,
    p_chart,
    pp_chart,
    run_chart,
    s_chart,
    t_chart,
    u_chart,
    up_chart,
    xbar_chart,
)
from breakthrough.spc.qic import qic, qic_summary
from breakthrough.spc.rules import anhoej_rules, ihi_rules

CHART_TYPES = ("run", "i", "mr", "xbar", "s", "t", "p", "pp", "c", "u", "up", "g", "ip")

__all__ = [
    "CHART_TYPES",
    "Chart",
    "IHISignals",
    "Runs",
    "Signals",
    "anhoej_rules",
    "c_chart",
    "g_chart",
    "i_chart",
    "ihi_rules",
    "ip_chart",
    "mr_chart",
    "p_chart",
    "pp_chart",
    "qic",
    "qic_summary",
    "run_chart",
    "s_chart",
    "t_chart",
    "u_chart",
    "up_chart",
    "xbar_chart",
]
