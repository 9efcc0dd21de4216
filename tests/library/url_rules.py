"""Permission rules of the resource library: every participant reads it (not observers, not viewers); staff
and faculty add resources and versions; files only through the checked download."""

from __future__ import annotations

from typing import Any

from breakthrough.library.services import resource_create
from tests.community.helpers import pdf
from tests.test_url_permissions import Rule, also_allowed

PARTICIPANTS = {"staff", "faculty", "teacher", "director", "family", "evaluator", "outsider"}
EDITORS = {"staff", "faculty"}


def setup(cast: Any) -> dict[str, Any]:
    resource = resource_create(
        collaborative=cast.collaborative, by=cast.faculty, kind="file", title_en="Feelings chart", file=pdf()
    )
    return {"resource": resource, "version": resource.current_version()}


RULES = {
    "library:home": Rule(allowed=PARTICIPANTS),
    "library:resource-create": Rule(allowed=EDITORS),
    "library:resource": Rule(allowed=PARTICIPANTS, kwargs=lambda o: {"pk": o["resource"].pk}),
    "library:version-add": Rule(
        allowed=EDITORS,
        kwargs=lambda o: {"pk": o["resource"].pk},
        method="post",
        data=lambda o: {"file": pdf("handout-v2.pdf")},
    ),
    "library:download": Rule(allowed=PARTICIPANTS, kwargs=lambda o: {"pk": o["version"].pk}),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["library:home", "library:resource-create"], "staff_other")
