"""Reporting a behavior incident: a team's staff, from a phone.

The page keeps the study's address and name (``/study/incidents/new/``, ``study:incident-new``): the study's
urls route it here, so links people saved and the study's start page still lead to it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import INCIDENT_ROLES, reach_of
from breakthrough.collaboratives.models import Team
from breakthrough.core.forms import add_service_errors
from breakthrough.incidents import services
from breakthrough.incidents.forms import IncidentForm
from breakthrough.incidents.models import DemographicCategory


def _reporting_team(user: Any) -> Team:
    """The first team (in the teams' order) on which the person reports incidents, or a refusal."""
    team = Team.objects.filter(pk__in=reach_of(user).teams_as(INCIDENT_ROLES)).first()
    if team is None:
        raise PermissionDenied
    return team


@login_required
def incident_new(request: HttpRequest) -> HttpResponse:
    """A teacher reports a behavior incident from a phone; the child is a program-internal code."""
    team = _reporting_team(request.user)
    categories = list(DemographicCategory.objects.active().filter(collaborative=team.collaborative))
    form = IncidentForm(request.POST or None)
    chosen = {c.code: request.POST.get(f"demo-{c.code}", "") for c in categories}
    demo_errors: dict[str, str] = {}
    if request.method == "POST":
        for c in categories:
            if chosen[c.code] and chosen[c.code] not in c.options:
                demo_errors[c.code] = _("Choose one of the options.")
        if form.is_valid() and not demo_errors:
            try:
                services.incident_report(
                    by=request.user,
                    team=team,
                    demographics={k: v for k, v in chosen.items() if v},
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(exc, form)
            else:
                messages.success(request, _("The incident report is saved."))
                return redirect(request.path)  # a fresh form for the next report
    demographics = [
        {"category": c, "value": chosen.get(c.code, ""), "error": demo_errors.get(c.code)} for c in categories
    ]
    return render(
        request, "incidents/incident_form.html", {"form": form, "demographics": demographics, "team": team}
    )
