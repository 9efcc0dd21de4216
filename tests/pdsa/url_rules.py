"""Who may open each PDSA page (see tests/test_url_permissions.py)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from breakthrough.pdsa import services
from tests.factories import make_cycle
from tests.test_url_permissions import Rule, also_allowed

TEAM_A = {"teacher", "director", "family"}
OVERSIGHT = {"staff", "faculty", "evaluator"}
PARTICIPANTS = TEAM_A | OVERSIGHT | {"outsider"}
TEAM_A_WRITERS = TEAM_A | {"staff"}


def setup(cast: Any) -> dict[str, Any]:
    cycle = make_cycle(cast.team_a, cast.teacher, prediction="Most children join in")
    attachment = services.attachment_add(cycle=cycle, by=cast.teacher, file=_pdf(), caption="Checklist")
    return {
        "cycle": cycle,
        "ramp": cycle.ramp,
        "team": cast.team_a,
        "idea": cycle.ramp.change_idea,
        "attachment": attachment,
    }


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("checklist.pdf", b"%PDF-1.4\n%%EOF\n")


def _cycle(objs: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objs["cycle"].pk}


RULES = {
    "pdsa:cycle-list": Rule(allowed=PARTICIPANTS),
    "pdsa:cycle-create": Rule(allowed=TEAM_A_WRITERS | {"outsider"}),
    "pdsa:cycle-detail": Rule(allowed=TEAM_A | OVERSIGHT, kwargs=_cycle),
    "pdsa:cycle-update": Rule(
        allowed=TEAM_A_WRITERS,
        kwargs=lambda objs: {"pk": objs["cycle"].pk, "section": "do"},
        method="post",
        data=lambda objs: {"do_observations": "Ran it all week", "revision": objs["cycle"].revision},
    ),
    "pdsa:cycle-next": Rule(allowed=TEAM_A_WRITERS, kwargs=_cycle, method="post"),
    "pdsa:cycle-share": Rule(
        allowed=TEAM_A_WRITERS, kwargs=_cycle, method="post", data=lambda objs: {"shared": "1"}
    ),
    "pdsa:comment-add": Rule(
        allowed=TEAM_A | OVERSIGHT, kwargs=_cycle, method="post", data=lambda objs: {"body": "Nice work"}
    ),
    "pdsa:cycle-attachment-add": Rule(
        allowed=TEAM_A_WRITERS, kwargs=_cycle, method="post", data=lambda objs: {"file": _pdf()}
    ),
    "pdsa:attachment": Rule(allowed=TEAM_A | OVERSIGHT, kwargs=lambda objs: {"pk": objs["attachment"].pk}),
    "pdsa:attachment-remove": Rule(
        allowed=TEAM_A_WRITERS, kwargs=lambda objs: {"pk": objs["attachment"].pk}, method="post"
    ),
    "pdsa:storyboard-attachment-add": Rule(
        allowed=TEAM_A_WRITERS,
        kwargs=lambda objs: {"team_id": objs["team"].pk},
        method="post",
        data=lambda objs: {"file": _pdf()},
    ),
    "pdsa:ramp-detail": Rule(allowed=TEAM_A | OVERSIGHT, kwargs=lambda objs: {"pk": objs["ramp"].pk}),
    "pdsa:library": Rule(allowed=PARTICIPANTS),
    "pdsa:storyboard": Rule(allowed=PARTICIPANTS, kwargs=lambda objs: {"team_id": objs["team"].pk}),
    "pdsa:storyboard-update": Rule(
        allowed=TEAM_A_WRITERS,
        kwargs=lambda objs: {"team_id": objs["team"].pk},
        method="post",
        data=lambda objs: {"aim": "Calmer transitions", "summary": ""},
    ),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["pdsa:cycle-create", "pdsa:cycle-list", "pdsa:library"], "staff_other")
