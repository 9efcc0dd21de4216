"""Permission rules of the set-up pages (project staff only) and of invitation links."""

from __future__ import annotations

from typing import Any

from breakthrough.collaboratives.models import Role
from tests.collaboratives.conftest import make_invitation
from tests.factories import make_classroom, make_program
from tests.test_url_permissions import Rule, also_allowed

STAFF = {"staff"}


def setup(cast: Any) -> dict[str, Any]:
    collab = cast.collaborative
    invitation, _token = make_invitation(cast)
    return {
        "collab": collab,
        "program": cast.team_a.program,
        "classroom": make_classroom(cast.team_a.program),
        "free_program": make_program(registered_in=collab),
        "membership": cast.family.memberships.get(),
        "invitation": invitation,
        "phases": list(collab.phases.all()),
    }


def _collab(objs: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objs["collab"].pk}


def _timeline(objs: dict[str, Any]) -> dict[str, Any]:
    data = {}
    for p in objs["phases"]:
        data[f"phase-{p.pk}-start_date"] = p.start_date.isoformat()
        data[f"phase-{p.pk}-end_date"] = p.end_date.isoformat()
    return data


def _collab_data(objs: dict[str, Any]) -> dict[str, Any]:
    c = objs["collab"]
    return {
        "name": c.name,
        "topic_en": c.topic,
        "start_date": c.start_date.isoformat(),
        "end_date": c.end_date.isoformat(),
        "report_due_day": 10,
    }


PROGRAM = {"name": "Sunrise Center", "kind": "child_care_center", "setting": "center"}

RULES = {
    "collaboratives:setup": Rule(allowed=STAFF),
    "collaboratives:setup-detail": Rule(allowed=STAFF, kwargs=_collab),
    "collaboratives:collaborative-edit": Rule(
        allowed=STAFF, kwargs=_collab, method="post", data=_collab_data
    ),
    "collaboratives:timeline-edit": Rule(allowed=STAFF, kwargs=_collab, method="post", data=_timeline),
    "collaboratives:program-create": Rule(
        allowed=STAFF, kwargs=_collab, method="post", data=lambda o: PROGRAM
    ),
    "collaboratives:team-create": Rule(
        allowed=STAFF,
        kwargs=_collab,
        method="post",
        data=lambda o: {"program": o["free_program"].pk, "name": "Sunrise team"},
    ),
    "collaboratives:membership-add": Rule(
        allowed=STAFF,
        kwargs=_collab,
        method="post",
        data=lambda o: {"person": "stranger", "role": Role.VIEWER},
    ),
    "collaboratives:invitation-create": Rule(
        allowed=STAFF,
        kwargs=_collab,
        method="post",
        data=lambda o: {"email": "someone@example.org", "role": Role.EVALUATOR, "language": "es"},
    ),
    "collaboratives:program-edit": Rule(allowed=STAFF, kwargs=lambda o: {"pk": o["program"].pk}),
    "collaboratives:classroom-create": Rule(
        allowed=STAFF,
        kwargs=lambda o: {"pk": o["program"].pk},
        method="post",
        data=lambda o: {"name": "Robins", "code": "X9", "age_group": "toddler", "participation": "spread"},
    ),
    "collaboratives:classroom-edit": Rule(allowed=STAFF, kwargs=lambda o: {"pk": o["classroom"].pk}),
    "collaboratives:membership-archive": Rule(
        allowed=STAFF, kwargs=lambda o: {"pk": o["membership"].pk}, method="post"
    ),
    "collaboratives:invitation-revoke": Rule(
        allowed=STAFF, kwargs=lambda o: {"pk": o["invitation"].pk}, method="post"
    ),
    # A valid link opens to anyone holding it, signed in or not (tests/collaboratives/test_views.py);
    # a wrong, used, expired or revoked one is refused to everyone.
    "collaboratives:invitation-accept": Rule(allowed=set(), kwargs=lambda o: {"token": "not-a-real-token"}),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["collaboratives:setup"], "staff_other")
