"""The engagement index of each team and its association with improvement (dose–response).

The model, as the page states it: each part is a share from 0 to 1 —

- attendance: of the learning sessions and collaborative calls held so far, the share at which someone of
  the team was present;
- reporting: of the monthly reports due so far, the share submitted by the due date;
- PDSA: of those months, the share in which the team carried out at least one PDSA cycle;
- technical assistance (once TA contacts are recorded): of those months, the share with a TA contact;

and the index is their unweighted mean (``stats.engagement_index``). Improvement is read two ways: the
share of the team's measures whose chart shows improvement (a shift or trend in the better direction, the
dashboards' verdict), and the change in the mean observation score of the program's participating
classrooms (post − pre). Each is regressed on the index by OLS (slope with its 95 % CI) with Spearman's rho
(``stats.dose_response``); fewer than three teams with both: not enough data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breakthrough import stats
from breakthrough.collaboratives.models import Classroom, Collaborative, Team
from breakthrough.dashboards import panels
from breakthrough.dashboards import selectors as dashboard_selectors
from breakthrough.feasibility import selectors, sources
from breakthrough.measures import series as measure_series

PARTS = {
    "attendance": gettext_lazy("Attendance"),
    "reporting": gettext_lazy("Reporting on time"),
    "pdsa": gettext_lazy("PDSA cycles"),
    "ta": gettext_lazy("Technical assistance"),
}


def _share(k: int, n: int) -> float | None:
    return round(min(k, n) / n, 4) if n else None


def parts_by_team(collaborative: Collaborative, team_list: list[Team], today: dt.date) -> dict[str, Any]:
    """Each team's parts (shares 0–1, None where the collaborative has nothing to count yet) and what
    each part's denominator is."""
    people = selectors.people_by_team(collaborative)
    offered = selectors.offered_attendance(collaborative, people, today)
    periods = selectors.due_periods(collaborative, today)
    months = {p.month for p in periods}
    on_time = selectors.reports_on_time(collaborative, periods)
    cycle_months = selectors.cycle_months(collaborative)
    ta_months = sources.ta_months(collaborative)
    n_events = len(offered.events)
    rows = []
    for team in team_list:
        attended = sum(1 for e in offered.events if team.pk in offered.teams_at.get(e.pk, set()))
        parts: dict[str, float | None] = {
            "attendance": _share(attended, n_events),
            "reporting": _share(on_time.get(team.pk, 0), len(periods)),
            "pdsa": _share(len(cycle_months.get(team.pk, set()) & months), len(months)),
        }
        counts = {
            "attendance": (attended, n_events),
            "reporting": (on_time.get(team.pk, 0), len(periods)),
            "pdsa": (len(cycle_months.get(team.pk, set()) & months), len(months)),
        }
        if ta_months is not None:
            k = len(ta_months.get(team.pk, set()) & months)
            parts["ta"], counts["ta"] = _share(k, len(months)), (k, len(months))
        rows.append({"team": team, "parts": parts, "counts": counts})
    names = ["attendance", "reporting", "pdsa"] + (["ta"] if ta_months is not None else [])
    for row in rows:
        row["cells"] = [(row["parts"][n], row["counts"][n]) for n in names]
    if rows:
        matrix = [[_nan(r["parts"][n]) for n in names] for r in rows]
        index = stats.engagement_index(matrix).index.tolist()
        for row, value in zip(rows, index, strict=True):
            row["index"] = None if value != value else round(value, 4)
    return {
        "rows": rows,
        "parts": [(n, PARTS[n]) for n in names],
        "n_events": n_events,
        "n_months": len(months),
        "has_ta": ta_months is not None,
    }


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


def improving_share(collaborative: Collaborative, team_list: list[Team]) -> dict[int, dict[str, Any]]:
    """team id → how many of its charted measures show improvement, of those with data (the dashboards'
    verdicts, from their cache when the data are unchanged)."""
    measures = dashboard_selectors.shared_measures(collaborative)
    pairs = [(t.pk, t.name) for t in team_list]
    if not measures or not pairs:
        return {}
    numbers, _charts = panels.collaborative_numbers(
        collaborative, measures, pairs, months=None, analyse=True, reporting=False
    )
    variation = numbers.variation or []
    n_t = len(numbers.team_ids)
    out = {}
    for t, team_id in enumerate(numbers.team_ids):
        verdicts = variation[t::n_t]
        charted = [v for v in verdicts if v != measure_series.NO_DATA]
        improving = sum(1 for v in charted if v == measure_series.IMPROVING)
        out[team_id] = {
            "improving": improving,
            "charted": len(charted),
            "share": round(improving / len(charted), 4) if charted else None,
        }
    return out


def observation_change(team_list: list[Team], classrooms: dict[int, dict[str, Any]]) -> dict[int, Any]:
    """team id → the mean change (post − pre) of its program's participating classrooms observed twice."""
    by_program: dict[int, list[float]] = {}
    for room in classrooms.values():
        if room["participating"] == Classroom.Participation.PARTICIPATING and room["diff"] is not None:
            by_program.setdefault(room["program_id"], []).append(room["diff"])
    out: dict[int, Any] = {}
    for team in team_list:
        diffs = by_program.get(team.program_id, [])
        out[team.pk] = {"n": len(diffs), "change": round(sum(diffs) / len(diffs), 4) if diffs else None}
    return out


def _fit(rows: list[dict[str, Any]], key: str, dose: str = "index") -> dict[str, Any]:
    pairs = [(r[dose], r[key]) for r in rows if r.get(dose) is not None and r.get(key) is not None]
    out: dict[str, Any] = {"n": len(pairs), "fit": None, "reason": ""}
    try:
        fit = stats.dose_response([p[0] for p in pairs], [p[1] for p in pairs])
    except ValueError:
        out["reason"] = _(
            "Not enough data yet: fewer than three teams with both numbers, or no spread in the index."
        )
        return out
    out["fit"] = {k: (None if v != v else v) for k, v in vars(fit).items()}
    return out


def dose_response(
    collaborative: Collaborative,
    team_list: list[Team],
    classrooms: dict[int, dict[str, Any]],
    *,
    today: dt.date,
    improving: Callable[[Collaborative, list[Team]], dict[int, dict[str, Any]]] = improving_share,
) -> dict[str, Any]:
    """The engagement table (index, parts, both improvement numbers per team) and the two fitted models."""
    found = parts_by_team(collaborative, team_list, today)
    signals = improving(collaborative, team_list)
    observed = observation_change(team_list, classrooms)
    for row in found["rows"]:
        team_id = row["team"].pk
        row["signals"] = signals.get(team_id, {"improving": 0, "charted": 0, "share": None})
        row["improving"] = row["signals"]["share"]
        row["observed"] = observed.get(team_id, {"n": 0, "change": None})
        row["obs_change"] = row["observed"]["change"]
    readiness = sources.readiness(collaborative) or {}
    for row in found["rows"]:
        row["readiness"] = readiness.get(row["team"].program_id)
        # Does readiness predict engagement? The index regressed on readiness (as a share 0–1).
        row["readiness_share"] = None if row["readiness"] is None else row["readiness"] / 100
    found["measures_fit"] = _fit(found["rows"], "improving")
    found["readiness_fit"] = _fit(found["rows"], "index", dose="readiness_share")
    found["observation_fit"] = _fit(found["rows"], "obs_change")
    return found
