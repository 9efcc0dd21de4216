"""The driver diagram page: the change framework with PDSA counts (cycles, adoptions) under each change idea.

It lives with the PDSA log because it counts cycles; the framework app, below pdsa, edits the diagram.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from breakthrough.collaboratives.access import (
    OVERSIGHT,
    READERS,
    collaboratives_where,
    has_any,
    roles_in,
    team_ids_of,
)
from breakthrough.collaboratives.models import Collaborative, Role, Team
from breakthrough.core.http import pick_or_404
from breakthrough.framework.models import ChangeIdea, SecondaryDriver
from breakthrough.pdsa.models import PDSACycle


def _counts(cycles: Any) -> dict[int, dict[str, int]]:
    rows = cycles.values("ramp__change_idea").annotate(
        cycles=Count("id"), adopted=Count("ramp", distinct=True, filter=Q(decision=PDSACycle.Decision.ADOPT))
    )
    return {row["ramp__change_idea"]: row for row in rows}


def _tree(collab: Collaborative, visible_teams: list[int]) -> Any:
    ideas = ChangeIdea.objects.active().filter(Q(team__isnull=True) | Q(team__in=visible_teams))
    secondaries = SecondaryDriver.objects.active().prefetch_related(Prefetch("change_ideas", queryset=ideas))
    return collab.primary_drivers.active().prefetch_related(
        Prefetch("secondary_drivers", queryset=secondaries)
    )


@login_required
def diagram(request: HttpRequest) -> HttpResponse:
    collabs = collaboratives_where(request.user, READERS).active()
    collab = pick_or_404(collabs, request.GET.get("collaborative"))
    if collab is None:
        raise PermissionDenied
    roles = roles_in(request.user, collab)
    oversees = request.user.is_superuser or has_any(roles, OVERSIGHT)
    own = list(Team.objects.filter(pk__in=team_ids_of(roles), collaborative=collab))
    teams = list(collab.teams.active().order_by("name")) if oversees else own
    choosable = collab.teams.active().filter(pk__in=[t.pk for t in teams])
    # A team member sees their own team's numbers; oversight roles see all teams until they pick one.
    team = (
        pick_or_404(choosable, request.GET.get("team")) if request.GET.get("team") or not oversees else None
    )
    cycles = PDSACycle.objects.active().filter(ramp__team__collaborative=collab)
    context = {
        "collab": collab,
        "collabs": collabs,
        "aims": collab.aims.active(),
        "primaries": _tree(collab, [t.pk for t in teams]),
        "teams": teams if oversees else [],
        "team": team,
        "is_own_team": team in own,
        "team_counts": _counts(cycles.filter(ramp__team=team)) if team else {},
        "all_counts": _counts(cycles),
        "can_start": bool(own) or Role.PROJECT_STAFF in roles,
        "can_edit": request.user.is_superuser or Role.PROJECT_STAFF in roles,
    }
    return render(request, "framework/diagram.html", context)
