"""Who may open each export page (see tests/test_url_permissions.py)."""

from __future__ import annotations

from typing import Any

from breakthrough.exports import services
from breakthrough.exports.models import Export
from tests.test_url_permissions import Rule


def setup(cast: Any) -> dict[str, Any]:
    export = services.export_create(user=cast.staff, collaborative=cast.collaborative, fmt="csv")
    services.export_run(export=export)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    return {"export": export, "slug": cast.collaborative.slug}


RULES = {
    # Viewers get the page too (their export is the suppressed summaries); team members and strangers do not.
    "exports:export-page": Rule(
        allowed={"staff", "faculty", "evaluator", "observer", "viewer"}, kwargs=lambda o: {"slug": o["slug"]}
    ),
    # An export is its requester's alone.
    "exports:export-status": Rule(allowed={"staff"}, kwargs=lambda o: {"pk": o["export"].pk}),
    "exports:export-download": Rule(allowed={"staff"}, kwargs=lambda o: {"pk": o["export"].pk}),
}
