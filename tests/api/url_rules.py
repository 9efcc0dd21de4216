"""Who may call each URL of the API (see tests/test_url_permissions.py). Calls are signed with a personal
token of each person of the cast, as a script's are; the pages (tokens, docs) use the session."""

from __future__ import annotations

from typing import Any

from breakthrough.api.tokens import token_create
from breakthrough.events.models import Attendance
from tests.api.helpers import make_api_data, token_client
from tests.conftest import ROLES_OF_CAST
from tests.test_url_permissions import Rule, also_allowed

SIGNED_IN = set(ROLES_OF_CAST)
EVERYONE = SIGNED_IN - {"stranger", "staff_other"}  # everyone in the collaborative
READERS = EVERYONE - {"observer"}  # reference data: all but observers
TEAM_A = {"teacher", "director", "family"}
SEES_TEAM_A = TEAM_A | {"staff", "faculty", "evaluator"}
JSON = "application/json"


def setup(cast: Any) -> dict[str, Any]:
    objs = make_api_data(cast)
    objs["token"], _key = token_create(user=cast.teacher, name="walk")
    objs["attendance"] = Attendance.objects.get(event=objs["call"], user=cast.teacher)
    objs["cast"] = cast
    return objs


def _api(allowed: set[str], **kwargs: Any) -> Rule:
    return Rule(allowed=allowed, client=token_client, **kwargs)


def _pk(name: str) -> Any:
    return lambda o: {"pk": o[name].pk}


LISTS = ["collaborative", "program", "team", "period", "measure", "report", "cycle", "event", "attendance"]

RULES = {
    "api:schema": _api(SIGNED_IN),
    "api:docs": Rule(allowed=SIGNED_IN),
    "api:tokens": Rule(allowed=SIGNED_IN),
    "api:token-revoke": Rule(kwargs=_pk("token"), allowed={"teacher"}, method="post"),
    **{f"api:{name}-list": _api(SIGNED_IN) for name in [*LISTS, "assessment"]},
    "api:collaborative-detail": _api(READERS, kwargs=lambda o: {"pk": o["cast"].collaborative.pk}),
    "api:collaborative-aggregates": _api(
        {"staff", "faculty", "evaluator", "viewer"}, kwargs=lambda o: {"pk": o["cast"].collaborative.pk}
    ),
    "api:program-detail": _api(EVERYONE, kwargs=lambda o: {"pk": o["cast"].team_a.program_id}),
    "api:team-detail": _api(SEES_TEAM_A, kwargs=lambda o: {"pk": o["cast"].team_a.pk}),
    "api:period-detail": _api(READERS, kwargs=lambda o: {"pk": o["periods"][0].pk}),
    "api:measure-detail": _api(READERS, kwargs=_pk("checkin")),
    "api:report-detail": _api(
        TEAM_A | {"staff"},
        kwargs=_pk("draft"),
        method="patch",
        content_type=JSON,
        data=lambda o: {"narrative": "A calm month", "values": [{"measure": "removals", "value": 1}]},
    ),
    "api:report-submit": _api(TEAM_A | {"staff"}, kwargs=_pk("draft"), method="post"),
    "api:cycle-detail": _api(SEES_TEAM_A, kwargs=_pk("own_cycle")),
    "api:event-detail": _api(SEES_TEAM_A, kwargs=_pk("meeting")),
    "api:attendance-detail": _api({"teacher", "staff", "faculty", "evaluator"}, kwargs=_pk("attendance")),
    "api:assessment-detail": _api(SEES_TEAM_A, kwargs=_pk("rating")),
    **{f"api:{name}-list": _api(SIGNED_IN) for name in ["instrument", "wave", "response", "observation"]},
    "api:instrument-detail": _api({"evaluator", "staff", "observer"}, kwargs=_pk("survey")),
    "api:wave-detail": _api({"evaluator", "staff"}, kwargs=_pk("wave")),
    "api:response-detail": _api({"evaluator", "staff"}, kwargs=_pk("response")),
    "api:observation-detail": _api({"evaluator", "staff", "observer"}, kwargs=_pk("observation")),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["api:instrument-detail"], "staff_other")
