"""Fresh comments for the demo's home pages: what faculty and teammates wrote in the last two weeks."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from breakthrough.collaboratives.models import Team
from breakthrough.core.models import Comment, User
from breakthrough.measures.models import MonthlyReport
from breakthrough.pdsa.models import PDSACycle

REPORT_COMMENTS = [
    "Thank you for sending this on time. The check-in numbers are holding: what helped most this month?",
    "Good to see the family notes climbing. Could you bring one example to the next call?",
    "The incident count dipped again. Is the visual schedule now in every participating classroom?",
]
CYCLE_COMMENTS = [
    "We tried this in the toddler room too; the children needed a few days to get used to it.",
    "Nice prediction. Will you count on the same log next week so the numbers compare?",
    "Could the family member on the team try the same at pick-up?",
]


def build_comments(
    teams: list[Team],
    faculty: list[User],
    members: dict[int, list[tuple[User, str]]],
    rng: random.Random,
    today: dt.date,
) -> None:
    """Fresh comments from the last two weeks: faculty on each team's latest report, a teammate or the coach
    on its latest cycle (the home pages' "What is new")."""
    types = ContentType.objects.get_for_models(MonthlyReport, PDSACycle)
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(8, 0)))
    rows = []
    for t_index, team in enumerate(teams):
        coach = faculty[t_index % len(faculty)]
        report = team.reports.exclude(submitted_at=None).order_by("-period__month").first()
        if report is not None:
            when = max(report.submitted_at + dt.timedelta(hours=20), now - dt.timedelta(days=12))
            rows.append((types[MonthlyReport], report.pk, coach, rng.choice(REPORT_COMMENTS), when))
        cycle = PDSACycle.objects.filter(ramp__team=team).order_by("-planned_start", "-pk").first()
        if cycle is not None:
            people = [u for u, _role in members[team.pk]]
            author = coach if t_index == 0 else rng.choice(people)
            when = now - dt.timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 6))
            rows.append((types[PDSACycle], cycle.pk, author, rng.choice(CYCLE_COMMENTS), when))
    for target_type, target_id, author, body, when in rows:
        when = min(when, now - dt.timedelta(hours=1))
        Comment.objects.create(
            target_type=target_type, target_id=target_id, author=author, body=body, created_at=when
        )
