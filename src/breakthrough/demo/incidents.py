"""Behavior incidents for the demo: demographics, enrolled children, and incidents that fall over the year.

Called by ``demo.study.build_study_demo`` between the observations and the interviews (its place in the
random stream keeps the demo the same for a seed). Everything is fictional.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from breakthrough.collaboratives.models import Classroom, Collaborative, Membership, Role, Team
from breakthrough.incidents.models import Child, DemographicCategory, Incident

RACE = ["Black", "Hispanic or Latino", "White", "Asian", "Two or more races"]
RACE_WEIGHTS = [0.34, 0.30, 0.22, 0.08, 0.06]
BEHAVIORS = ["Physical aggression", "Disruption", "Defiance", "Property damage", "Verbal aggression"]
ACTIVITIES = ["Arrival", "Circle time", "Centers", "Transition", "Outdoor play", "Meals", "Nap"]
MOTIVATIONS = ["Obtain attention", "Obtain object", "Avoid task", "Avoid peer", "Don't know"]
RESPONSES = [
    "Redirection",
    "Prompt expected behavior",
    "Time with adult",
    "Loss of object",
    "Physical guidance",
]


def build_incidents_demo(
    collaborative: Collaborative, teams: list[Team], rng: random.Random, *, today: dt.date | None = None
) -> int:
    """The demographic categories, every team's enrolled children and their incidents up to yesterday."""
    last_day = min(collaborative.end_date, (today or timezone.localdate()) - dt.timedelta(days=1))
    DemographicCategory.objects.create(
        collaborative=collaborative, code="race", name="Race and ethnicity", options=RACE
    )
    DemographicCategory.objects.create(
        collaborative=collaborative, code="gender", name="Gender", options=["Girl", "Boy", "Not reported"]
    )
    DemographicCategory.objects.create(
        collaborative=collaborative, code="dual_language", name="Dual language learner", options=["Yes", "No"]
    )
    reporters = {
        m.team_id: m.user
        for m in Membership.objects.active().filter(
            collaborative=collaborative, role=Role.TEACHER, team__isnull=False
        )
    }
    made = 0
    months = []
    month = collaborative.start_date.replace(day=1)
    while month <= last_day:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for team in teams:
        enrolled = sum(c.children_enrolled or 8 for c in Classroom.objects.filter(program=team.program))
        children = []
        for k in range(enrolled):
            demographics = {
                "race": rng.choices(RACE, RACE_WEIGHTS)[0],
                "gender": rng.choice(["Girl", "Boy"]),
                "dual_language": "Yes" if rng.random() < 0.3 else "No",
            }
            children.append(
                Child.objects.create(
                    team=team, code=f"K{team.program_id:02d}{k + 1:03d}", demographics=demographics
                )
            )
        reporter = reporters.get(team.pk)
        if reporter is None:
            continue
        for child in children:
            risk = (
                0.22
                * (1.8 if child.demographics["race"] == "Black" else 1.0)
                * (1.4 if child.demographics["gender"] == "Boy" else 0.7)
            )
            if rng.random() > risk:
                continue
            for _n in range(rng.choice([1, 1, 1, 2, 3])):
                index = rng.randrange(len(months))
                trend = 1.0 - 0.5 * index / max(1, len(months) - 1)
                if rng.random() > trend:
                    continue
                day = months[index] + dt.timedelta(days=rng.randrange(0, 27))
                Incident.objects.create(
                    team=team,
                    reported_by=reporter,
                    child_code=child.code,
                    occurred_on=min(day, last_day),
                    occurred_at=dt.time(rng.choice([8, 9, 10, 11, 13, 15]), rng.choice([0, 15, 30, 45])),
                    activity=rng.choice(ACTIVITIES),
                    behavior=rng.choice(BEHAVIORS),
                    motivation=rng.choice(MOTIVATIONS),
                    adult_response=rng.choice(RESPONSES),
                    outcome=rng.choices(["none", "suspension", "dismissal"], [0.93, 0.06, 0.01])[0],
                    demographics=child.demographics,
                )
                made += 1
    return made
