"""The fieldwork home: what this person may open, for one collaborative."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from breakthrough.collaboratives import access
from breakthrough.fieldwork.views._common import collaborative_for


def _any(user: object, collaborative: object) -> bool:
    return bool(
        access.can_read_fieldwork_logs(user, collaborative)  # type: ignore[arg-type]
        or access.child_outcome_reach(user, collaborative)  # type: ignore[arg-type]
    )


@login_required
def home(request: HttpRequest, slug: str) -> HttpResponse:
    collab = collaborative_for(request.user, slug, _any)
    context = {
        "collaborative": collab,
        "logs": access.can_read_fieldwork_logs(request.user, collab),
        "children": bool(access.child_outcome_reach(request.user, collab)),
        "enters_children": access.child_score_classrooms(request.user, collab).exists(),
    }
    return render(request, "fieldwork/home.html", context)
