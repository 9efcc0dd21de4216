"""The equity analysis of behavior incidents (the incidents themselves are reported in ``incidents``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.incidents.models import DemographicCategory
from breakthrough.study import series
from breakthrough.study.views._common import study_or_403


@login_required
def equity(request: HttpRequest) -> HttpResponse:
    ids = study_or_403(request.user)
    collab = Collaborative.objects.filter(pk__in=ids).first()
    teams = list(Team.objects.active().filter(collaborative_id__in=ids))
    categories = list(DemographicCategory.objects.active().filter(collaborative_id__in=ids))
    profiles = [
        {"category": c, "profile": series.equity_profile(teams, c.code, collab.small_cell_threshold)}
        for c in categories
    ]
    return render(
        request,
        "study/equity.html",
        {
            "profiles": profiles,
            "monthly": series.incidents_by_month(teams),
            "threshold": collab.small_cell_threshold,
        },
    )
