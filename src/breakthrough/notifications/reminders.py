"""The scans that find what to remind whom of. Each is idempotent: a notification's key names its event,
so a scan run again (every hour, after a restart, on two workers) makes nothing twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.models import TEAM_ROLES, Collaborative, Membership, Period, Role, Team
from breakthrough.core.models import Comment, User
from breakthrough.core.translated import in_each_language
from breakthrough.events.models import Event
from breakthrough.measures.models import MonthlyReport
from breakthrough.notifications.models import Cursor, Kind
from breakthrough.notifications.services import notify
from breakthrough.pdsa.models import PDSACycle
from breakthrough.study.models import SurveyLink, Wave

LATE_WINDOW = dt.timedelta(days=60)  # a period late for longer than this is for the staff digest only


def _team_members(team_id: int) -> list[User]:
    ids = Membership.objects.active().filter(team=team_id, role__in=TEAM_ROLES).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _role_members(collaborative_id: int, roles: set[str], team_id: int | None = None) -> list[User]:
    rows = Membership.objects.active().filter(collaborative=collaborative_id, role__in=roles)
    if team_id is not None:  # faculty assigned to the team, or to the whole collaborative
        rows = rows.filter(team__isnull=True) | rows.filter(team=team_id)
    return list(User.objects.filter(pk__in=rows.values("user_id"), is_active=True))


def _live_collaboratives(today: dt.date) -> list[Collaborative]:
    return [
        c
        for c in Collaborative.objects.active()
        if c.start_date <= today and (today <= c.end_date or c.sustainment_open)
    ]


def _unsubmitted(period: Period) -> list[Team]:
    submitted = MonthlyReport.objects.filter(period=period).exclude(status=MonthlyReport.Status.DRAFT)
    return list(period.collaborative.teams.active().exclude(pk__in=submitted.values("team_id")))


def _report_link(team: Team, period: Period) -> str:
    report = MonthlyReport.objects.filter(team=team, period=period).first()
    return report.get_absolute_url() if report else reverse("measures:report-list")


def reports_due_and_late(today: dt.date) -> int:
    made = 0
    for collab in _live_collaboratives(today):
        soon = today + dt.timedelta(days=collab.report_reminder_days)
        periods = collab.periods.filter(due_date__gte=today - LATE_WINDOW, due_date__lte=soon)
        for period in periods:
            if not collab.reporting_expected(period.month):
                continue
            kind = Kind.REPORT_LATE if today > period.due_date else Kind.REPORT_DUE
            for team in _unsubmitted(period):
                params = {
                    "team": team.name,
                    "month": period.month.isoformat(),
                    "due": period.due_date.isoformat(),
                }
                link = _report_link(team, period)
                for user in _team_members(team.pk):
                    key = f"{kind}:{period.pk}:{team.pk}:{user.pk}"
                    made += bool(
                        notify(user=user, kind=kind, key=key, params=params, collaborative=collab, link=link)
                    )
    return made


def reports_returned(today: dt.date) -> int:
    """Reports faculty reviewed lately and commented on: the team reads the comments."""
    made = 0
    since = timezone.now() - dt.timedelta(days=14)
    report_type = ContentType.objects.get_for_model(MonthlyReport)
    reports = MonthlyReport.objects.filter(status=MonthlyReport.Status.REVIEWED, reviewed_at__gte=since)
    for report in reports.select_related("team__collaborative", "period"):
        if not Comment.objects.active().filter(target_type=report_type, target_id=report.pk).exists():
            continue
        params = {"team": report.team.name, "month": report.period.month.isoformat()}
        for user in _team_members(report.team_id):
            key = f"{Kind.REPORT_RETURNED}:{report.pk}:{user.pk}"
            made += bool(
                notify(
                    user=user,
                    kind=Kind.REPORT_RETURNED,
                    key=key,
                    params=params,
                    collaborative=report.team.collaborative,
                    link=report.get_absolute_url(),
                )
            )
    return made


def new_comments() -> int:
    """Comments on a team's report or PDSA cycle since the last scan: the team (and the cycle's author)."""
    made = 0
    with transaction.atomic():
        cursor, _ = Cursor.objects.select_for_update().get_or_create(name="comments")
        types = ContentType.objects.get_for_models(MonthlyReport, PDSACycle)
        comments = list(
            Comment.objects.active()
            .filter(pk__gt=cursor.position, target_type__in=types.values())
            .select_related("author", "target_type")
            .order_by("pk")[:500]
        )
        for comment in comments:
            made += _notify_comment(comment, types)
        if comments:
            cursor.position, cursor.moved_at = comments[-1].pk, timezone.now()
            cursor.save()
    return made


def _notify_comment(comment: Comment, types: dict[Any, ContentType]) -> int:
    target = comment.target
    author = comment.author.get_full_name() or comment.author.username
    if isinstance(target, MonthlyReport):
        team, params = target.team, {"on": "report", "month": target.period.month.isoformat()}
        extra: set[int] = set()
    else:
        team, params = target.ramp.team, {"on": "pdsa", "cycle": str(target)}
        extra = {target.created_by_id}
    params |= {"team": team.name, "author": author}
    people = {u.pk: u for u in _team_members(team.pk)} | {u.pk: u for u in User.objects.filter(pk__in=extra)}
    made = 0
    for user in people.values():
        if user.pk == comment.author_id:
            continue
        key = f"{Kind.COMMENT}:{comment.pk}:{user.pk}"
        made += bool(
            notify(
                user=user,
                kind=Kind.COMMENT,
                key=key,
                params=params,
                collaborative=team.collaborative,
                link=target.get_absolute_url(),
            )
        )
    return made


def pdsa_waiting(today: dt.date) -> int:
    made = 0
    cycles = (
        PDSACycle.objects.active()
        .filter(decision="", ramp__team__collaborative__in=_live_collaboratives(today))
        .select_related("ramp__team__collaborative", "created_by")
    )
    for cycle in cycles:
        stage = cycle.stage
        if stage not in (PDSACycle.Stage.STUDY, PDSACycle.Stage.ACT):
            continue
        since = cycle.done_on if stage == PDSACycle.Stage.STUDY and cycle.done_on else cycle.updated_at.date()
        days = (today - since).days
        if days < cycle.ramp.team.collaborative.pdsa_wait_days:
            continue
        key = f"{Kind.PDSA_WAITING}:{cycle.pk}:{stage}"
        params = {"cycle": str(cycle), "stage": stage, "days": days}
        made += bool(
            notify(
                user=cycle.created_by,
                kind=Kind.PDSA_WAITING,
                key=key,
                params=params,
                collaborative=cycle.ramp.team.collaborative,
                link=cycle.get_absolute_url(),
            )
        )
    return made


def events_tomorrow(today: dt.date) -> int:
    made = 0
    tomorrow = today + dt.timedelta(days=1)
    begins = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    ends = timezone.make_aware(dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time.min))
    events = Event.objects.active().filter(starts_at__gte=begins, starts_at__lt=ends)
    for event in events.select_related("collaborative"):
        params = {
            **in_each_language(event, "title", "event"),
            "event_id": event.pk,
            "starts": event.starts_at.isoformat(),
            "ends": event.ends_at.isoformat(),
            "location": event.location,
        }
        link = reverse("events:event-detail", args=[event.pk])
        for user in event.expected_people():
            key = f"{Kind.EVENT_TOMORROW}:{event.pk}:{user.pk}"
            made += bool(
                notify(
                    user=user,
                    kind=Kind.EVENT_TOMORROW,
                    key=key,
                    params=params,
                    collaborative=event.collaborative,
                    link=link,
                )
            )
    return made


def attendance_missing(today: dt.date) -> int:
    made = 0
    now = timezone.now()
    events = Event.objects.active().filter(
        ends_at__lt=now, ends_at__gte=now - dt.timedelta(days=7), attendance__isnull=True
    )
    for event in events.select_related("collaborative").distinct():
        params = {
            **in_each_language(event, "title", "event"),
            "day": timezone.localtime(event.starts_at).date().isoformat(),
        }
        link = reverse("events:event-detail", args=[event.pk])
        for user in _role_members(event.collaborative_id, {Role.FACULTY}, event.team_id or None):
            key = f"{Kind.ATTENDANCE_MISSING}:{event.pk}:{user.pk}"
            made += bool(
                notify(
                    user=user,
                    kind=Kind.ATTENDANCE_MISSING,
                    key=key,
                    params=params,
                    collaborative=event.collaborative,
                    link=link,
                )
            )
    return made


def assessments_due(today: dt.date) -> int:
    """The month just ended: each team not yet rated by faculty, to its faculty."""
    made = 0
    for collab in _live_collaboratives(today):
        period = collab.periods.filter(month__lt=today.replace(day=1)).order_by("-month").first()
        if period is None or (today - period.end_date).days > 45:
            continue
        rated = Assessment.objects.filter(period=period, source=Assessment.Source.FACULTY).values("team_id")
        for team in collab.teams.active().exclude(pk__in=rated):
            params = {"team": team.name, "month": period.month.isoformat()}
            for user in _role_members(collab.pk, {Role.FACULTY}, team.pk):
                key = f"{Kind.ASSESSMENT_DUE}:{period.pk}:{team.pk}:{user.pk}"
                made += bool(
                    notify(
                        user=user,
                        kind=Kind.ASSESSMENT_DUE,
                        key=key,
                        params=params,
                        collaborative=collab,
                        link=reverse("assessments:overview"),
                    )
                )
    return made


def surveys_unanswered(today: dt.date) -> int:
    """Once a week while a wave is open: its evaluators hear how many links are unanswered."""
    made = 0
    week = today.isocalendar()
    for wave in Wave.objects.active().filter(opens_on__lte=today, closes_on__gte=today):
        count = SurveyLink.objects.active().filter(wave=wave, used_at__isnull=True).count()
        if not count:
            continue
        params = {**in_each_language(wave, "name", "wave"), "count": count}
        for user in _role_members(wave.collaborative_id, {Role.EVALUATOR}):
            key = f"{Kind.SURVEY_UNANSWERED}:{wave.pk}:{week.year}-{week.week}:{user.pk}"
            made += bool(
                notify(
                    user=user,
                    kind=Kind.SURVEY_UNANSWERED,
                    key=key,
                    params=params,
                    collaborative=wave.collaborative,
                    link=reverse("study:wave-detail", args=[wave.pk]),
                )
            )
    return made


def staff_digest(today: dt.date) -> int:
    """Mondays: each collaborative's staff hear which teams' reports are late."""
    if today.weekday() != 0:
        return 0
    made = 0
    week = today.isocalendar()
    for collab in _live_collaboratives(today):
        late = []
        for period in collab.periods.filter(due_date__lt=today).order_by("month"):
            if not collab.reporting_expected(period.month):
                continue
            for team in _unsubmitted(period):
                late.append(
                    {"team": team.name, "month": period.month.isoformat(), "due": period.due_date.isoformat()}
                )
        params = {"collaborative": collab.name, "count": len(late), "late": late[:50]}
        for user in _role_members(collab.pk, {Role.PROJECT_STAFF}):
            key = f"{Kind.STAFF_DIGEST}:{collab.pk}:{week.year}-{week.week}:{user.pk}"
            made += bool(
                notify(
                    user=user,
                    kind=Kind.STAFF_DIGEST,
                    key=key,
                    params=params,
                    collaborative=collab,
                    link=reverse("measures:report-list"),
                )
            )
    return made


def run_all(today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {
        "reports": reports_due_and_late(today),
        "returned": reports_returned(today),
        "comments": new_comments(),
        "pdsa": pdsa_waiting(today),
        "events": events_tomorrow(today),
        "attendance": attendance_missing(today),
        "assessments": assessments_due(today),
        "surveys": surveys_unanswered(today),
        "digest": staff_digest(today),
    }
