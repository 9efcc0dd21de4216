"""Permission rules of intake: applications hold a director's contact data, so only the collaborative's
project staff open, rate and decide them; the study team (evaluators and staff) reads readiness scores;
everyone who reads the framework reads the planning meeting, and project staff record it. The public form
itself is exempt (tests/test_url_permissions.py EXEMPT; tests/intake/test_apply.py)."""

from __future__ import annotations

from typing import Any

from breakthrough.collaboratives.models import Program
from tests.intake.helpers import make_application, make_rubric
from tests.test_url_permissions import Rule, also_allowed

READERS = {"staff", "faculty", "teacher", "director", "family", "evaluator", "viewer", "outsider"}


def setup(cast: Any) -> dict[str, Any]:
    make_rubric(cast.collaborative)
    application = make_application(cast.collaborative, program_kind=Program.Kind.HEAD_START)
    return {"application": application, "collaborative": cast.collaborative}


RULES = {
    "intake:list": Rule(allowed={"staff"}),
    "intake:call": Rule(
        allowed={"staff"},
        method="post",
        kwargs=lambda o: {"collaborative_id": o["collaborative"].pk},
        data=lambda o: {"call-applications_open": "on"},
    ),
    "intake:detail": Rule(allowed={"staff"}, kwargs=lambda o: {"pk": o["application"].pk}),
    "intake:decide": Rule(
        allowed={"staff"},
        method="post",
        kwargs=lambda o: {"pk": o["application"].pk},
        data=lambda o: {"decide-decision": "decline", "decide-note": "Not this year."},
    ),
    "intake:readiness": Rule(allowed={"staff", "evaluator"}),
    "intake:planning": Rule(allowed=READERS),
    "intake:planning-edit": Rule(
        allowed={"staff"}, kwargs=lambda o: {"collaborative_id": o["collaborative"].pk}
    ),
}

# Project staff of another collaborative open the list pages for their own collaborative and see nothing
# of this one there (tenancy).
RULES |= also_allowed(RULES, ["intake:list", "intake:readiness", "intake:planning"], "staff_other")
