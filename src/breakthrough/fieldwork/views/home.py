"""The fieldwork home: what this person may open, for one collaborative."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

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


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """The navigation's link: the fieldwork of the person's first collaborative (by name) with something
    for them there."""
    collaboratives = access.collaboratives_where(request.user, access.FIELDWORK_PAGE).order_by("name")
    first = next((c for c in collaboratives if _any(request.user, c)), None)
    if first is None:
        raise PermissionDenied
    return redirect("fieldwork:home", slug=first.slug)
