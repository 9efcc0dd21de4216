"""The home page: each person's teams, what is due, what is coming up, what is new (from several apps)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.access import PARTICIPANTS
from breakthrough.collaboratives.models import TEAM_ROLES, Membership, Period, Team
from breakthrough.core.models import Comment
from breakthrough.events.models import Event
from breakthrough.measures.models import MonthlyReport
from breakthrough.pdsa.models import PDSACycle

NEW_FOR_DAYS = 14


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What is each person's: their teams, what is due, what is new."""
    memberships = list(
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("collaborative", "team__program")
        .order_by("collaborative__name", "role")
    )
    today = timezone.localdate()
    teams = sorted({m.team for m in memberships if m.team is not None and m.role in TEAM_ROLES}, key=str)
    # Observers and viewers take no part in the improvement work: no events, no shared cycles for them.
    collaboratives = {m.collaborative for m in memberships if m.role in PARTICIPANTS}
    context = {
        "memberships": memberships,
        "teams": teams,
        "due": [item for item in (_due_for(team, today) for team in teams) if not _all_done(item)],
        "events": _upcoming_events(collaboratives, teams, today),
        "comments": _new_comments(teams, request.user, today),
        "shared": _newly_shared(collaboratives, teams, today),
        "sustaining": sorted(
            {t.collaborative for t in teams if t.collaborative.in_sustainment(today)}, key=str
        ),
    }
    return render(request, "home/home.html", context)


def _current_period(team: Team, today: dt.date) -> Period | None:
    """The month a team is reporting on now: the latest period whose month has begun and is not yet due."""
    periods = team.collaborative.periods.filter(month__lte=today).order_by("-month")
    open_period = periods.filter(due_date__gte=today).last()
    return open_period or periods.first()


def _due_for(team: Team, today: dt.date) -> dict[str, object]:
    period = _current_period(team, today)
    report = MonthlyReport.objects.filter(team=team, period=period).first() if period else None
    rated = (
        period is not None
        and Assessment.objects.filter(team=team, period=period, source=Assessment.Source.TEAM).exists()
    )
    late = report.is_late(today) if report else bool(period and today > period.due_date)
    # Only the months since the team joined: a team added in month 12 owes nothing from before it existed.
    joined = timezone.localdate(team.created_at).replace(day=1)
    owed = team.collaborative.periods.filter(due_date__lt=today, month__gte=joined)
    missing = MonthlyReport.objects.filter(team=team, period__in=owed).exclude(
        status=MonthlyReport.Status.DRAFT
    )
    expected = owed.count()
    return {
        "team": team,
        "period": period,
        "report": report,
        "late": late,
        "self_assessed": rated,
        "missing_count": max(0, expected - missing.count()),
    }


def _all_done(item: dict[str, object]) -> bool:
    """Nothing is due for a team whose report is reviewed, self-assessment done and earlier reports in."""
    report = item["report"]
    reviewed = isinstance(report, MonthlyReport) and report.status == MonthlyReport.Status.REVIEWED
    return reviewed and bool(item["self_assessed"]) and not item["missing_count"]


def _upcoming_events(collaboratives: set, teams: list[Team], today: dt.date) -> list[Event]:
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    events = Event.objects.active().filter(collaborative__in=collaboratives, starts_at__gte=start)
    events = events.filter(team__isnull=True) | events.filter(team__in=teams)
    return list(events.order_by("starts_at")[:5])


def _new_comments(teams: list[Team], user: object, today: dt.date) -> list[Comment]:
    since = timezone.now() - dt.timedelta(days=NEW_FOR_DAYS)
    report_ids = MonthlyReport.objects.filter(team__in=teams).values_list("pk", flat=True)
    cycle_ids = PDSACycle.objects.filter(ramp__team__in=teams).values_list("pk", flat=True)
    types = ContentType.objects.get_for_models(MonthlyReport, PDSACycle)
    comments = Comment.objects.active().filter(created_at__gte=since).exclude(author=user)
    on_reports = comments.filter(target_type=types[MonthlyReport], target_id__in=report_ids)
    on_cycles = comments.filter(target_type=types[PDSACycle], target_id__in=cycle_ids)
    return list((on_reports | on_cycles).select_related("author", "target_type").order_by("-created_at")[:10])


def _newly_shared(collaboratives: set, teams: list[Team], today: dt.date) -> list[PDSACycle]:
    since = timezone.now() - dt.timedelta(days=NEW_FOR_DAYS)
    shared = PDSACycle.objects.active().filter(
        is_shared=True, shared_at__gte=since, ramp__team__collaborative__in=collaboratives
    )
    return list(shared.exclude(ramp__team__in=teams).select_related("ramp__team", "ramp__change_idea")[:10])
