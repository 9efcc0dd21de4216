"""Who may open each import page (see tests/test_url_permissions.py)."""

from __future__ import annotations

from typing import Any

from breakthrough.imports import services
from tests.test_url_permissions import Rule

TEAM_A = {"staff", "teacher", "director", "family"}  # the team's own members, and project staff


def setup(cast: Any) -> dict[str, Any]:
    data = b"team,month,measure,value\n"  # a header only: a file that plans nothing
    batch, _plan = services.import_preview(
        by=cast.staff, collaborative=cast.collaborative, kind="values", file_name="v.csv", data=data
    )
    return {"batch": batch, "slug": cast.collaborative.slug, "team": cast.team_a}


RULES = {
    "imports:team-template": Rule(allowed=TEAM_A, kwargs=lambda o: {"pk": o["team"].pk}),
    "imports:team-upload": Rule(allowed=TEAM_A, kwargs=lambda o: {"pk": o["team"].pk}),
    "imports:index": Rule(allowed={"staff"}, kwargs=lambda o: {"slug": o["slug"]}),
    "imports:upload": Rule(allowed={"staff"}, kwargs=lambda o: {"slug": o["slug"], "kind": "values"}),
    # An upload is its uploader's alone.
    "imports:batch-detail": Rule(allowed={"staff"}, kwargs=lambda o: {"pk": o["batch"].pk}),
    "imports:batch-apply": Rule(allowed={"staff"}, method="post", kwargs=lambda o: {"pk": o["batch"].pk}),
}
