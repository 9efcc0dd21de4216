from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from breakthrough.collaboratives.models import TEAM_ROLES, Membership
from breakthrough.measures.models import MonthlyReport


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What is each person's: their collaboratives and teams, and this month's report status."""
    memberships = (
        Membership.objects.active().filter(user=request.user).select_related("collaborative", "team__program")
    )
    today = timezone.localdate()
    teams = {m.team for m in memberships if m.team is not None and m.role in TEAM_ROLES}
    due = []
    for team in sorted(teams, key=lambda t: t.name):
        period = team.collaborative.periods.filter(month__lte=today).order_by("-month").first()
        if period is None:
            continue
        report = MonthlyReport.objects.filter(team=team, period=period).first()
        due.append(
            {
                "team": team,
                "period": period,
                "report": report,
                "late": report.is_late(today) if report else today > period.due_date,
            }
        )
    return render(request, "core/home.html", {"memberships": memberships, "due": due})
