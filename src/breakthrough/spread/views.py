"""The spread view (adopted changes × classrooms over the months) and the monthly record of what is in use.
Observers never reach it: it shows which classrooms take part."""

from __future__ import annotations

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
    PARTICIPANTS,
    can_change,
    can_see_participation,
    collaboratives_where,
    get_object_for_user,
    oversees,
    teams_seen_by,
)
from breakthrough.collaboratives.models import Team, month_start
from breakthrough.core.forms import add_service_errors
from breakthrough.core.http import pick_or_404
from breakthrough.spread import selectors, services
from breakthrough.spread.forms import MonthField, SpreadRecordForm
from breakthrough.spread.models import ChangeInUse

SHOWN_MONTHS = 6  # the page shows the last six months; spread_by_month gives the study every month


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    collaboratives = collaboratives_where(user, PARTICIPANTS).active().order_by("-start_date", "pk")
    collab = pick_or_404(collaboratives, request.GET.get("collaborative"))
    if collab is None or not can_see_participation(user, collab):
        raise PermissionDenied
    teams = teams_seen_by(user).filter(collaborative=collab).order_by("name")
    team = pick_or_404(teams, request.GET.get("team"))
    months = selectors.months_of(collab, timezone.localdate())[-SHOWN_MONTHS:]
    context: dict[str, Any] = {
        "collaboratives": collaboratives,
        "collaborative": collab,
        "teams": teams,
        "team": team,
        "months": months,
        "grid": selectors.team_grid(team, months) if team else [],
        "can_record": team is not None and can_change(user, team),
    }
    if oversees(user, collab):
        context["totals"] = selectors.classrooms_using(selectors.spread_by_month(collab), months)
    return render(request, "spread/home.html", context)


@login_required
def record(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_for_user(request.user, Team, team_id, write=True)
    if not can_see_participation(request.user, team.collaborative):
        raise PermissionDenied
    ramps, rooms = selectors.adopted_ramps([team]), selectors.classrooms_of(team)
    month_text = request.POST.get("month") or request.GET.get("month") or ""
    try:
        month = MonthField(required=False).clean(month_text) or month_start(timezone.localdate())
    except ValidationError:
        month = month_start(timezone.localdate())  # the form below names the field's error on a POST
    current = set(
        ChangeInUse.objects.active()
        .filter(ramp__in=ramps, classroom__in=rooms, month=month, in_use=True)
        .values_list("ramp_id", "classroom_id")
    )
    initial = {"month": f"{month:%Y-%m}"}
    form = SpreadRecordForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        ramps=ramps,
        rooms=rooms,
        current=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.spread_record(
                team=team, month=form.cleaned_data["month"], in_use=form.in_use(), by=request.user
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("What is in use is saved."))
            return redirect(_home_url(team))
    status = 400 if request.method == "POST" else 200
    context = {"team": team, "form": form, "month": month, "ramps": ramps, "rooms": rooms}
    return render(request, "spread/record.html", context, status=status)


def _home_url(team: Team) -> str:
    return f"{reverse('spread:home')}?collaborative={team.collaborative_id}&team={team.pk}"
