"""A program's case profile, the unit of the embedded case-study design: every source about one program
over time — readiness, engagement, its team's run charts, survey change, observations, incidents and the
coded excerpts — read through the same functions as the theory-of-change page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Collaborative, Program
from breakthrough.dashboards import rows
from breakthrough.dashboards import selectors as dashboard_selectors
from breakthrough.dashboards import specs as dashboard_specs
from breakthrough.dashboards.labels import ASSURANCE_TEXT, VARIATION_TEXT, Reasons
from breakthrough.feasibility import engagement, outcomes, selectors, sources
from breakthrough.measures import series as measure_series
from breakthrough.study import series


def programs(collaborative: Collaborative) -> list[Program]:
    return list(
        Program.objects.active()
        .filter(teams__collaborative=collaborative, teams__archived_at__isnull=True)
        .distinct()
        .order_by("name")
    )


def _charts(collaborative: Collaborative, team: Any) -> dict[str, Any]:
    """The team's run charts of the shared measures, as its dashboard draws them."""
    measures = dashboard_selectors.team_measures(team)
    if not measures:
        return {"spec": None, "cards": []}
    panel = measure_series.load_panel(collaborative, measures, [(team.pk, team.name)], annotations=False)
    found = dashboard_selectors.phases([m.id for m in panel.measures], collaborative, [team.pk])
    pa = measure_series.analyse_panel(panel, dashboard_selectors.phase_starts(found))
    reasons = Reasons()
    chart_rows, cards = [], []
    for m, info in enumerate(panel.measures):
        chart = pa.chart(m, 0)
        chart_rows += rows.series_rows(
            chart, panel.months, rows.short(info.name, 44), goal=info.goal, reasons=reasons
        )
        cards.append(
            {
                "measure": info.name,
                "variation": VARIATION_TEXT[chart.variation][1],
                "assurance": ASSURANCE_TEXT[chart.assurance][1],
            }
        )
    spec = dashboard_specs.team(chart_rows, team.name, rows.learning_sessions(collaborative, panel.months))
    return {"spec": spec, "cards": cards}


def survey_scores(collaborative: Collaborative) -> list[tuple[Any, dict[str, Any]]]:
    """Each survey wave with its respondents' subscale scores (the study's), read once for every case."""
    return [(wave, series.subscale_scores(wave)) for wave in selectors.survey_waves(collaborative)]


def _surveys(scores: list[tuple[Any, dict[str, Any]]], program: Program) -> list[dict[str, Any]]:
    """The program's respondents' subscale means in each survey wave."""
    out = []
    for wave, data in scores:
        mine = [i for i, r in enumerate(data["responses"]) if r.program_id == program.pk]
        means = []
        for s in data["subscales"]:
            values = [float(s["scores"][i]) for i in mine if s["scores"][i] == s["scores"][i]]
            means.append(
                {
                    "subscale": s["subscale"].name,
                    "n": len(values),
                    "mean": sum(values) / len(values) if values else None,
                }
            )
        out.append({"wave": wave, "n": len(mine), "means": means})
    return out


def profile(
    collaborative: Collaborative,
    program: Program,
    *,
    today: dt.date,
    rooms: dict[str, Any] | None = None,
    dose: dict[str, Any] | None = None,
    scores: list[tuple[Any, dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """One program's case; ``rooms``, ``dose`` and ``scores`` (the whole collaborative's classrooms,
    engagement and survey scores) are read once when every case is drawn."""
    all_teams = selectors.teams(collaborative)
    teams = [t for t in all_teams if t.program_id == program.pk]
    team = teams[0] if teams else None
    rooms = rooms or outcomes.classrooms(collaborative)
    if dose is None:
        dose = engagement.dose_response(collaborative, all_teams, rooms["rooms"], today=today)
    mine = {cid: r for cid, r in rooms["rooms"].items() if r["program_id"] == program.pk}
    names = dict(program.classrooms.values_list("pk", "name"))
    row = next((r for r in dose["rows"] if team is not None and r["team"].pk == team.pk), None)
    readiness = sources.readiness(collaborative) or {}
    incidents = series.incidents_by_month(teams)
    ta = (sources.ta_by_team(collaborative) or {}).get(team.pk) if team else None
    children_rows, _total = sources.child_outcomes(collaborative)
    child = next((r for r in children_rows if r.label == program.name), None)
    charts = _charts(collaborative, team) if team else {"spec": None, "cards": []}
    specs = {"charts": charts["spec"]} if charts["spec"] else {}
    return {
        "collaborative": collaborative,
        "program": program,
        "team": team,
        "readiness": readiness.get(program.pk),
        "engagement": row,
        "parts": dose["parts"],
        "cards": charts["cards"],
        "specs": specs,
        "surveys": _surveys(scores if scores is not None else survey_scores(collaborative), program),
        "classrooms": [
            {"name": names.get(cid, "?"), **r}
            for cid, r in sorted(mine.items(), key=lambda kv: names.get(kv[0], ""))
        ],
        "observation_pair": rooms["pair"],
        "incidents": incidents,
        "incident_total": sum(n for _m, n in incidents),
        "ta": ta,
        "child": child,
        "excerpts_note": _(
            "Interviews are recorded for the collaborative, not per program: their coded excerpts are on "
            "the theory-of-change page."
        ),
    }
