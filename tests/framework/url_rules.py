"""Who may open each change framework page (see tests/test_url_permissions.py)."""

from __future__ import annotations

from typing import Any

from breakthrough.framework.models import Aim
from tests.factories import make_change_idea
from tests.test_url_permissions import Rule, also_allowed

PARTICIPANTS = {"staff", "faculty", "evaluator", "teacher", "director", "family", "outsider"}


def setup(cast: Any) -> dict[str, Any]:
    idea = make_change_idea(cast.collaborative)
    aim = Aim.objects.create(collaborative=cast.collaborative, statement="Fewer challenging behaviours")
    return {"idea": idea, "aim": aim, "collab": cast.collaborative}


def _idea(objs: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "idea", "pk": objs["idea"].pk}


RULES = {
    "framework:diagram": Rule(allowed=PARTICIPANTS | {"viewer"}),
    "framework:edit": Rule(allowed={"staff"}),
    "framework:item-add": Rule(
        allowed={"staff"},
        kwargs=lambda objs: {"kind": "aim"},
        data=lambda objs: {"parent": objs["collab"].pk},
    ),
    "framework:item-edit": Rule(allowed={"staff"}, kwargs=_idea),
    "framework:item-move": Rule(
        allowed={"staff"}, kwargs=_idea, method="post", data=lambda objs: {"direction": "up"}
    ),
    "framework:item-archive": Rule(allowed={"staff"}, kwargs=_idea, method="post"),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["framework:diagram", "framework:edit"], "staff_other")
