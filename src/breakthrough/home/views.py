"""The home page: each person's teams, what is due, what is coming up, what is new (from several apps)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.access import PARTICIPANTS, REVIEWERS, reach_of
from breakthrough.collaboratives.models import (
    TEAM_ROLES,
    Collaborative,
    Membership,
    Period,
    Phase,
    Role,
    Team,
)
from breakthrough.core.models import Comment
from breakthrough.events.models import Event
from breakthrough.measures.models import MonthlyReport
from breakthrough.pdsa.models import PDSACycle

NEW_FOR_DAYS = 14


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What is each person's: their teams, what is due, what is new (a fixed number of queries, whatever the
    number of teams: ``tests/home/test_queries.py`` pins it)."""
    memberships = list(
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("collaborative", "team__program")
        .order_by("collaborative__name", "role")
    )
    today = timezone.localdate()
    by_collaborative = {m.collaborative_id: m.collaborative for m in memberships}
    teams = sorted({m.team for m in memberships if m.team is not None and m.role in TEAM_ROLES}, key=str)
    for team in teams:  # the collaborative read with the membership: one object, its timeline read once
        if team.collaborative_id in by_collaborative:
            team.collaborative = by_collaborative[team.collaborative_id]
    _read_timelines({t.collaborative for t in teams})
    # Observers and viewers take no part in the improvement work: no events, no shared cycles for them.
    collaboratives = {m.collaborative for m in memberships if m.role in PARTICIPANTS}
    context = {
        "memberships": memberships,
        "teams": teams,
        "due": [item for item in _due(teams, today) if not _all_done(item)],
        "events": _upcoming_events(collaboratives, teams, today),
        "comments": _new_comments(_followed_teams(request.user, teams), request.user, today),
        "to_review": _to_review(request.user),
        "shared": _newly_shared(collaboratives, teams, today),
        "sustaining": sorted(
            {t.collaborative for t in teams if t.collaborative.in_sustainment(today)}, key=str
        ),
    }
    return render(request, "home/home.html", context)


def _read_timelines(collaboratives: set[Collaborative]) -> None:
    """Every collaborative's phases in one query, kept where ``Collaborative.timeline`` keeps them."""
    if not collaboratives:
        return
    phases: dict[int, list[Phase]] = defaultdict(list)
    for phase in Phase.objects.filter(collaborative__in=collaboratives).order_by("start_date", "pk"):
        phases[phase.collaborative_id].append(phase)
    for collaborative in collaboratives:
        collaborative.__dict__["timeline"] = phases[collaborative.pk]  # the cached_property's own slot


def _current_period(periods: list[Period], today: dt.date) -> Period | None:
    """The month a team is reporting on now: the earliest period whose month has begun and is not yet due,
    else the latest one begun (``periods`` in month order)."""
    begun = [p for p in periods if p.month <= today]
    open_periods = [p for p in begun if p.due_date >= today]
    return (open_periods or begun or [None])[0 if open_periods else -1]


def _due(teams: list[Team], today: dt.date) -> list[dict[str, object]]:
    """What each team owes: this month's report and self-assessment, and earlier reports not submitted.

    Three queries for every team together: the periods, the teams' reports, this month's self-assessments.
    """
    if not teams:
        return []
    periods: dict[int, list[Period]] = defaultdict(list)
    for period in Period.objects.filter(collaborative_id__in={t.collaborative_id for t in teams}).order_by(
        "collaborative_id", "month"
    ):
        periods[period.collaborative_id].append(period)
    current = {t.pk: _current_period(periods[t.collaborative_id], today) for t in teams}
    reports = {(r.team_id, r.period_id): r for r in MonthlyReport.objects.filter(team__in=teams).order_by()}
    rated = set(
        Assessment.objects.filter(
            team__in=teams,
            period_id__in=[p.pk for p in current.values() if p is not None],
            source=Assessment.Source.TEAM,
        )
        .order_by()
        .values_list("team_id", "period_id")
    )
    due = []
    for team in teams:
        period = current[team.pk]
        report = reports.get((team.pk, period.pk)) if period else None
        if report is not None:
            report.period = period  # read with the periods: is_late needs its due date
        late = report.is_late(today) if report else bool(period and today > period.due_date)
        # Only the months since the team joined: a team added in month 12 owes nothing from before it existed.
        joined = timezone.localdate(team.created_at).replace(day=1)
        owed = [p for p in periods[team.collaborative_id] if p.due_date < today and p.month >= joined]
        sent = [
            p
            for p in owed
            if (found := reports.get((team.pk, p.pk))) and found.status != MonthlyReport.Status.DRAFT
        ]
        due.append(
            {
                "team": team,
                "period": period,
                "report": report,
                "late": late,
                "self_assessed": period is not None and (team.pk, period.pk) in rated,
                "missing_count": max(0, len(owed) - len(sent)),
            }
        )
    return due


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


def _followed_teams(user: object, teams: list[Team]) -> list[int]:
    """The teams whose threads a person follows: their own; as faculty, the teams they coach (every team of
    a collaborative where they coach no team in particular); as project staff, every team they run."""
    reach = reach_of(user)
    coached = reach.teams_as({Role.FACULTY})
    with_teams = set(Team.objects.filter(pk__in=coached).values_list("collaborative_id", flat=True))
    everyone = reach.collaboratives({Role.PROJECT_STAFF})
    everyone |= reach.collaboratives({Role.FACULTY}) - with_teams
    ids = {t.pk for t in teams} | coached
    ids |= set(Team.objects.filter(collaborative_id__in=everyone).values_list("pk", flat=True))
    return sorted(ids)


def _to_review(user: object) -> int:
    """Submitted reports waiting for review in the collaboratives a faculty member or staff reviews."""
    collaboratives = reach_of(user).collaboratives(REVIEWERS)
    if not collaboratives:
        return 0
    waiting = MonthlyReport.objects.active().filter(status=MonthlyReport.Status.SUBMITTED)
    return waiting.filter(team__collaborative_id__in=collaboratives).count()


def _new_comments(teams: list[int], user: object, today: dt.date) -> list[dict[str, object]]:
    since = timezone.now() - dt.timedelta(days=NEW_FOR_DAYS)
    report_ids = MonthlyReport.objects.filter(team_id__in=teams).values_list("pk", flat=True)
    cycle_ids = PDSACycle.objects.filter(ramp__team_id__in=teams).values_list("pk", flat=True)
    types = ContentType.objects.get_for_models(MonthlyReport, PDSACycle)
    comments = Comment.objects.active().filter(created_at__gte=since).exclude(author=user)
    on_reports = comments.filter(target_type=types[MonthlyReport], target_id__in=report_ids)
    on_cycles = comments.filter(target_type=types[PDSACycle], target_id__in=cycle_ids)
    found = (on_reports | on_cycles).select_related("author", "target_type").order_by("-created_at")[:10]
    page = {types[MonthlyReport].pk: "measures:report-detail", types[PDSACycle].pk: "pdsa:cycle-detail"}
    return [
        {
            "comment": c,
            "url": reverse(page[c.target_type_id], args=[c.target_id]) + f"#comment-{c.pk}",
            "on_report": c.target_type_id == types[MonthlyReport].pk,
        }
        for c in found
    ]


def _newly_shared(collaboratives: set, teams: list[Team], today: dt.date) -> list[PDSACycle]:
    since = timezone.now() - dt.timedelta(days=NEW_FOR_DAYS)
    shared = PDSACycle.objects.active().filter(
        is_shared=True, shared_at__gte=since, ramp__team__collaborative__in=collaboratives
    )
    return list(shared.exclude(ramp__team__in=teams).select_related("ramp__team", "ramp__change_idea")[:10])
