"""Who may open each feasibility page (see tests/test_url_permissions.py): the study team in full, viewers
the aggregate version, observers never (blind), teams never."""

from __future__ import annotations

from typing import Any

from breakthrough.feasibility.models import ReportRun
from breakthrough.feasibility.report_runs import report_root
from tests.test_url_permissions import Rule, also_allowed

READERS = {"staff", "evaluator", "viewer"}


def setup(cast: Any) -> dict[str, Any]:
    run = ReportRun.objects.create(
        collaborative=cast.collaborative,
        user=cast.staff,
        language="en",
        status=ReportRun.Status.DONE,
        folder="rules-run",
    )
    folder = report_root() / "rules-run"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.pdf").write_bytes(b"%PDF-1.7 a drawn report")
    return {"slug": cast.collaborative.slug, "program": cast.team_a.program, "run": run}


RULES = {
    "feasibility:home": Rule(allowed=READERS),
    "feasibility:page": Rule(allowed=READERS, kwargs=lambda o: {"slug": o["slug"]}),
    "feasibility:report": Rule(allowed=READERS, kwargs=lambda o: {"slug": o["slug"], "fmt": "html"}),
    "feasibility:run-start": Rule(allowed=READERS, method="post", kwargs=lambda o: {"slug": o["slug"]}),
    # A case is one program: the study team only, never an aggregate reader.
    "feasibility:case": Rule(
        allowed={"staff", "evaluator"}, kwargs=lambda o: {"slug": o["slug"], "pk": o["program"].pk}
    ),
    # A drawn report is its requester's alone.
    "feasibility:run": Rule(allowed={"staff"}, kwargs=lambda o: {"pk": o["run"].pk}),
    "feasibility:run-file": Rule(allowed={"staff"}, kwargs=lambda o: {"pk": o["run"].pk, "fmt": "pdf"}),
}

# Project staff of another collaborative open the list for their own collaborative.
RULES |= also_allowed(RULES, ["feasibility:home"], "staff_other")
