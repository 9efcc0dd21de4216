"""Permission rules of the community pages: the collaborative's space for its participants, an affinity
group's space for its role group with staff and faculty, moderation for staff, reply counts for the study
team, the directory for participants and observers (who see the staff only)."""

from __future__ import annotations

from typing import Any

from tests.community.helpers import reply, teachers_thread
from tests.test_url_permissions import Rule, also_allowed

PARTICIPANTS = {"staff", "faculty", "teacher", "director", "family", "evaluator", "outsider"}
TEACHERS = {"staff", "faculty", "teacher", "outsider"}


def setup(cast: Any) -> dict[str, Any]:
    thread = teachers_thread(cast)
    post = reply(thread, cast.outsider)
    return {"collab": cast.collaborative, "thread": thread, "post": post}


def _space(objs: dict[str, Any]) -> dict[str, Any]:
    return {"collaborative": objs["collab"].pk, "space": "teachers"}


RULES = {
    "community:home": Rule(allowed=PARTICIPANTS),
    "community:space": Rule(allowed=TEACHERS, kwargs=_space),
    "community:thread-create": Rule(
        allowed=TEACHERS, kwargs=_space, method="post", data=lambda o: {"title": "Hi", "body": "Hello"}
    ),
    "community:thread": Rule(allowed=TEACHERS, kwargs=lambda o: {"pk": o["thread"].pk}),
    "community:reply": Rule(
        allowed=TEACHERS,
        kwargs=lambda o: {"pk": o["thread"].pk},
        method="post",
        data=lambda o: {"body": "Yes"},
    ),
    "community:post-hide": Rule(
        allowed={"staff"},
        kwargs=lambda o: {"pk": o["post"].pk},
        method="post",
        data=lambda o: {"reason": "Off topic"},
    ),
    "community:post-unhide": Rule(allowed={"staff"}, kwargs=lambda o: {"pk": o["post"].pk}, method="post"),
    "community:exchanges": Rule(allowed={"staff", "evaluator"}),
    "community:directory": Rule(allowed=PARTICIPANTS | {"observer"}),
    "community:directory-settings": Rule(allowed=PARTICIPANTS | {"observer"}),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(
    RULES,
    ["community:directory", "community:directory-settings", "community:exchanges", "community:home"],
    "staff_other",
)
