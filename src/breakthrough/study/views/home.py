"""The study's start page: what each person does in the study, and the aggregates viewers may read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from breakthrough.collaboratives.access import (
    INCIDENT_ROLES,
    STUDY_AGGREGATES,
    STUDY_TEAM,
    collaborative_ids_where,
    reach_of,
)
from breakthrough.collaboratives.models import TEAM_ROLES, Collaborative, Role
from breakthrough.study import series
from breakthrough.study.models import Instrument, Observation, Wave
from breakthrough.study.views._common import open_waves_for_member


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The study's start page: what each person does in the study, and nothing else."""
    user = request.user
    studied = collaborative_ids_where(user, STUDY_TEAM)
    observing = collaborative_ids_where(user, {Role.OBSERVER})
    surveys = open_waves_for_member(user)
    aggregates = collaborative_ids_where(user, STUDY_AGGREGATES) - studied
    team_roles = reach_of(user).roles & TEAM_ROLES
    if not (studied or observing or team_roles or aggregates):
        raise PermissionDenied
    context: dict[str, Any] = {
        "surveys": surveys,
        "studied": bool(studied),
        "exportable": Collaborative.objects.filter(pk__in=studied).order_by("name"),
        "reports_incidents": bool(team_roles & set(INCIDENT_ROLES)),
    }
    if aggregates:
        context["summaries"] = [
            series.aggregate_summary(wave, wave.collaborative.small_cell_threshold)
            for wave in Wave.objects.active()
            .filter(collaborative_id__in=aggregates, instrument__kind=Instrument.Kind.SURVEY)
            .select_related("collaborative", "instrument")
        ]
    if observing:
        mine = Observation.objects.active().filter(observer=user).select_related("classroom__program")
        context["my_observations"] = {
            "to_score": mine.filter(status=Observation.Status.SCHEDULED).order_by("starts_at"),
            "submitted": mine.filter(status=Observation.Status.SUBMITTED).order_by("-starts_at"),
        }
    if studied:
        waves = Wave.objects.active().filter(collaborative_id__in=studied).select_related("instrument")
        context |= {
            "waves": waves,
            "collaboratives": Collaborative.objects.filter(pk__in=studied),
            "observations": Observation.objects.active()
            .filter(wave__collaborative_id__in=studied)
            .select_related("classroom", "observer", "wave"),
        }
    return render(request, "study/home.html", context)
