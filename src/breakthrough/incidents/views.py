"""Behavior incidents as programs keep them: report one from a phone, the team's list with corrections, and
monthly summaries for the program's leadership team.

The report page keeps the study's address and name (``/study/incidents/new/``, ``study:incident-new``): the
study's urls route it here, so links people saved and the study's start page still lead to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthrough.collaboratives.access import (
    INCIDENT_ROLES,
    OVERSIGHT,
    get_object_for_user,
    incident_reach,
    reach_of,
)
from breakthrough.collaboratives.models import Team, month_start
from breakthrough.core.forms import add_service_errors
from breakthrough.core.http import pick_or_404
from breakthrough.incidents import services, summaries
from breakthrough.incidents.forms import IncidentForm
from breakthrough.incidents.models import DemographicCategory, Incident


def _reporting_team(user: Any) -> Team:
    """The first team (in the teams' order) on which the person reports incidents, or a refusal."""
    team = Team.objects.filter(pk__in=reach_of(user).teams_as(INCIDENT_ROLES)).first()
    if team is None:
        raise PermissionDenied
    return team


def _demographics(
    request: HttpRequest, team: Team, current: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, str]]:
    categories = list(DemographicCategory.objects.active().filter(collaborative=team.collaborative))
    if request.method == "POST":
        chosen = {c.code: request.POST.get(f"demo-{c.code}", "") for c in categories}
    else:
        chosen = {c.code: current.get(c.code, "") for c in categories}
    errors = {
        c.code: _("Choose one of the options.")
        for c in categories
        if request.method == "POST" and chosen[c.code] and chosen[c.code] not in c.options
    }
    rows = [{"category": c, "value": chosen.get(c.code, ""), "error": errors.get(c.code)} for c in categories]
    return rows, {k: v for k, v in chosen.items() if v}, errors


@login_required
def incident_new(request: HttpRequest) -> HttpResponse:
    """A teacher reports a behavior incident from a phone; the child is a program-internal code."""
    team = _reporting_team(request.user)
    form = IncidentForm(request.POST or None, team=team)
    demographics, chosen, demo_errors = _demographics(request, team, {})
    if request.method == "POST" and form.is_valid() and not demo_errors:
        try:
            services.incident_report(
                by=request.user, team=team, demographics=chosen, **form.incident_fields()
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The incident report is saved."))
            return redirect(request.path)  # a fresh form for the next report
    context = {"form": form, "demographics": demographics, "team": team, "incident": None}
    return render(request, "incidents/incident_form.html", context)


@login_required
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's staff correct a report (audited)."""
    incident = get_object_for_user(request.user, Incident, pk)
    if incident_reach(request.user, incident.team) != "team":
        raise PermissionDenied
    form = IncidentForm(request.POST or None, instance=incident, team=incident.team)
    demographics, chosen, demo_errors = _demographics(request, incident.team, incident.demographics)
    if request.method == "POST" and form.is_valid() and not demo_errors:
        try:
            services.incident_update(
                by=request.user, incident=incident, demographics=chosen, **form.incident_fields()
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The incident report is corrected."))
            return redirect(
                f"{reverse('incidents:list')}?team={incident.team_id}&month={incident.occurred_on:%Y-%m}"
            )
    context = {"form": form, "demographics": demographics, "team": incident.team, "incident": incident}
    return render(request, "incidents/incident_form.html", context)


def _teams_and_month(
    request: HttpRequest, *, oversight: bool
) -> tuple[list[Team], Team, dt.date, str | None]:
    """The teams the person may pick, the one picked, the month asked for ("YYYY-MM", default this month) and
    a message if the month could not be read."""
    reach = reach_of(request.user)
    teams = Team.objects.active().filter(pk__in=reach.teams_as(INCIDENT_ROLES))
    if oversight:
        teams = teams | Team.objects.active().filter(collaborative_id__in=reach.collaboratives(OVERSIGHT))
    if request.user.is_superuser:
        teams = Team.objects.active()
    teams = teams.distinct().select_related("collaborative").order_by("collaborative__name", "name")
    team = pick_or_404(teams, request.GET.get("team"))
    if team is None:
        raise PermissionDenied
    today = month_start(timezone.localdate())
    text, problem = request.GET.get("month", "").strip(), None
    month = today
    if text:
        try:
            month = dt.datetime.strptime(text, "%Y-%m").date()
        except ValueError:
            problem = _("Month: write it as year-month, e.g. %(example)s.") % {"example": f"{today:%Y-%m}"}
        else:
            if month > today:
                problem, month = _("Month: choose this month or an earlier one."), today
    return list(teams), team, month, problem


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    """The team's incident reports of a month, with a link to correct each: for the team's staff."""
    teams, team, month, problem = _teams_and_month(request, oversight=False)
    if incident_reach(request.user, team) != "team":
        raise PermissionDenied
    incidents = (
        summaries.month_incidents(team, month)
        .select_related("reported_by")
        .order_by("-occurred_on", "-occurred_at", "-pk")
    )
    context = {"teams": teams, "team": team, "month": month, "problem": problem, "incidents": incidents}
    return render(request, "incidents/incident_list.html", context, status=400 if problem else 200)


@login_required
def incident_summary(request: HttpRequest) -> HttpResponse:
    """The month's summaries for the program's leadership team; suppressed for readers outside the team."""
    teams, team, month, problem = _teams_and_month(request, oversight=True)
    reach = incident_reach(request.user, team)
    if not reach:
        raise PermissionDenied
    context = {
        "teams": teams,
        "team": team,
        "month": month,
        "problem": problem,
        "reach": reach,
        "tables": summaries.summary(team, month, reach=reach),
        "threshold": team.collaborative.small_cell_threshold,
    }
    return render(request, "incidents/incident_summary.html", context, status=400 if problem else 200)
