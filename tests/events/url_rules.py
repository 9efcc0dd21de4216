"""Permission rules of the events pages: scope "event" (team events only for the team and oversight roles)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from breakthrough.events.models import Event
from breakthrough.events.services import material_add
from tests.events.conftest import make_event
from tests.test_url_permissions import Rule, also_allowed

PARTICIPANTS = {"staff", "faculty", "teacher", "director", "family", "evaluator", "outsider"}
TEAM_A = {"staff", "faculty", "teacher", "director", "family", "evaluator"}
REVIEWERS = {"staff", "faculty"}


def setup(cast: Any) -> dict[str, Any]:
    call = make_event(cast.collaborative)
    meeting = make_event(
        cast.collaborative, Event.Kind.TEAM_MEETING, team=cast.team_a, title="Team A meeting"
    )
    material = material_add(
        event=call, title="Slides", file=ContentFile(b"slides", name="slides.txt"), by=cast.staff
    )
    return {"call": call, "meeting": meeting, "material": material}


def _call(objs: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objs["call"].pk}


RULES = {
    "events:calendar": Rule(allowed=PARTICIPANTS),
    "events:event-detail": Rule(allowed=PARTICIPANTS, kwargs=_call),
    "events:event-create": Rule(allowed={"staff"}),
    "events:event-edit": Rule(allowed={"staff"}, kwargs=_call),
    "events:attendance-mark": Rule(
        allowed=TEAM_A,
        kwargs=lambda o: {"pk": o["meeting"].pk},
        method="post",
        data=lambda o: {"status": "present"},
    ),
    "events:attendance-record": Rule(allowed=REVIEWERS, kwargs=_call),
    # Without a file the form comes back with its error: enough to prove who may reach it.
    "events:material-upload": Rule(
        allowed=REVIEWERS, kwargs=_call, method="post", data=lambda o: {"title": "x"}
    ),
    "events:material-download": Rule(allowed=PARTICIPANTS, kwargs=lambda o: {"pk": o["material"].pk}),
    "events:material-archive": Rule(
        allowed=REVIEWERS, kwargs=lambda o: {"pk": o["material"].pk}, method="post"
    ),
}

# Project staff of another collaborative open these pages for their own collaborative and see nothing of
# this one there (tenancy: tests/collaboratives/test_tenancy.py).
RULES |= also_allowed(RULES, ["events:calendar", "events:event-create"], "staff_other")
