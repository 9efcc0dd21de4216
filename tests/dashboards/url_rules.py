"""Who may open each dashboards page (see tests/test_url_permissions.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from breakthrough.dashboards.models import ReportRun
from breakthrough.dashboards.report_runs import report_dir
from breakthrough.dashboards.services import chart_phase_accept
from tests.dashboards.conftest import FLAT, SHIFT, add_reports
from tests.factories import make_measure
from tests.test_url_permissions import Rule, also_allowed

TEAM_A = {"teacher", "director", "family"}
OVERSIGHT = {"staff", "faculty", "evaluator"}
REVIEWERS = {"staff", "faculty"}


def setup(cast: Any) -> dict[str, Any]:
    measure = make_measure(cast.collaborative, code="checkin")
    add_reports(cast.team_a, measure, SHIFT, by=cast.teacher)
    add_reports(cast.team_b, measure, FLAT, by=cast.outsider)
    phase = chart_phase_accept(
        team=cast.team_a, measure=measure, starts=dt.date(2026, 5, 1), reason="New routine", by=cast.staff
    )
    run = ReportRun.objects.create(
        collaborative=cast.collaborative, user=cast.staff, language="en", status=ReportRun.Status.DONE
    )
    run.file_name = f"{run.pk}-report.pdf"
    run.save()
    (report_dir() / run.file_name).write_bytes(b"%PDF-1.7 a drawn report")
    return {"measure": measure, "team": cast.team_a, "phase": phase, "run": run}


def _team_measure(objs: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objs["team"].pk, "measure_pk": objs["measure"].pk}


RULES = {
    "dashboards:collaborative": Rule(allowed=OVERSIGHT | {"viewer"}),
    "dashboards:summary": Rule(allowed=OVERSIGHT),
    "dashboards:waves": Rule(allowed=OVERSIGHT | {"viewer"}),
    # A report drawn by the worker is its requester's alone.
    "dashboards:report-run": Rule(allowed={"staff"}, kwargs=lambda objs: {"pk": objs["run"].pk}),
    "dashboards:report-run-file": Rule(allowed={"staff"}, kwargs=lambda objs: {"pk": objs["run"].pk}),
    "dashboards:collaborative-report": Rule(allowed=OVERSIGHT | {"viewer"}),
    "dashboards:collaborative-chart": Rule(
        allowed=OVERSIGHT | {"viewer"}, kwargs=lambda objs: {"fmt": "svg"}
    ),
    "dashboards:team-report": Rule(allowed=TEAM_A | OVERSIGHT, kwargs=lambda objs: {"pk": objs["team"].pk}),
    "dashboards:team-measure-chart": Rule(
        allowed=TEAM_A | OVERSIGHT, kwargs=lambda objs: {**_team_measure(objs), "fmt": "svg"}
    ),
    "dashboards:teams": Rule(allowed=TEAM_A | OVERSIGHT | {"outsider"}),
    "dashboards:team": Rule(allowed=TEAM_A | OVERSIGHT, kwargs=lambda objs: {"pk": objs["team"].pk}),
    "dashboards:team-measure": Rule(allowed=TEAM_A | OVERSIGHT, kwargs=_team_measure),
    "dashboards:team-measure-csv": Rule(allowed=TEAM_A | OVERSIGHT, kwargs=_team_measure),
    "dashboards:phase-accept": Rule(
        allowed=REVIEWERS,
        kwargs=_team_measure,
        method="post",
        data=lambda objs: {"starts": "2026-03-01", "reason": "Check-in became the morning routine"},
    ),
    "dashboards:phase-remove": Rule(
        allowed=REVIEWERS, kwargs=lambda objs: {"pk": objs["phase"].pk}, method="post"
    ),
    "dashboards:measure-csv": Rule(
        allowed=OVERSIGHT | {"viewer"}, kwargs=lambda objs: {"pk": objs["measure"].pk}
    ),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(
    RULES,
    [
        "dashboards:collaborative",
        "dashboards:collaborative-report",
        "dashboards:summary",
        "dashboards:teams",
        "dashboards:waves",
    ],
    "staff_other",
)
