"""Behavior incidents for the demo: demographics, enrolled children, and the incidents each month counted.

Called by ``demo.study.build_study_demo`` between the observations and the interviews (its place in the
random stream keeps the demo the same for a seed). Everything is fictional.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from breakthrough.collaboratives.models import Classroom, Collaborative, Membership, Role, Team, add_months
from breakthrough.incidents.models import Child, DemographicCategory, Incident, IncidentOption
from breakthrough.measures.models import MeasureValue

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
SPANISH = {
    "Physical aggression": "Agresión física",
    "Disruption": "Interrupción",
    "Defiance": "Desafío",
    "Property damage": "Daño a la propiedad",
    "Verbal aggression": "Agresión verbal",
    "Arrival": "Llegada",
    "Circle time": "Círculo",
    "Centers": "Centros",
    "Transition": "Transición",
    "Outdoor play": "Juego al aire libre",
    "Meals": "Comidas",
    "Nap": "Siesta",
    "Obtain attention": "Obtener atención",
    "Obtain object": "Obtener un objeto",
    "Avoid task": "Evitar una tarea",
    "Avoid peer": "Evitar a un compañero",
    "Don't know": "No se sabe",
    "Redirection": "Redirección",
    "Prompt expected behavior": "Recordar la conducta esperada",
    "Time with adult": "Tiempo con un adulto",
    "Loss of object": "Pérdida de un objeto",
    "Physical guidance": "Guía física",
}


def _lists(collaborative: Collaborative) -> None:
    """The incident form's lists (behavior, activity, motivation, adult response), English and Spanish."""
    lists = {
        IncidentOption.Field.BEHAVIOR: BEHAVIORS,
        IncidentOption.Field.ACTIVITY: ACTIVITIES,
        IncidentOption.Field.MOTIVATION: MOTIVATIONS,
        IncidentOption.Field.RESPONSE: RESPONSES,
    }
    IncidentOption.objects.bulk_create(
        IncidentOption(
            collaborative=collaborative,
            field=field,
            label=label,
            label_en=label,
            label_es=SPANISH[label],
            order=i,
        )
        for field, labels in lists.items()
        for i, label in enumerate(labels)
    )


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
    _lists(collaborative)
    reporters = {
        m.team_id: m.user
        for m in Membership.objects.active().filter(
            collaborative=collaborative, role=Role.TEACHER, team__isnull=False
        )
    }
    made = 0
    for team in teams:
        rooms = list(Classroom.objects.filter(program=team.program).order_by("code"))
        enrolled = sum(c.children_enrolled or 8 for c in rooms)
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
        # The log holds exactly the incidents the team's monthly incidents measure counted, so the measure
        # and the log agree; who is involved leans on the risks the equity profile should show.
        risks = [
            0.22
            * (1.8 if child.demographics["race"] == "Black" else 1.0)
            * (1.4 if child.demographics["gender"] == "Boy" else 0.7)
            for child in children
        ]
        counted = dict(
            MeasureValue.objects.filter(
                report__team=team, measure__code="incidents", numerator__isnull=False
            ).values_list("report__period__month", "numerator")
        )
        if not counted:  # a collaborative without the incidents measure: a few a month
            counted = {m: rng.randint(0, 3) for m in collaborative.reporting_months() if m <= last_day}
        # Each child's classroom, in turn (no draw from the random stream: the demo stays as it was).
        room_of = {child.code: rooms[k % len(rooms)] if rooms else None for k, child in enumerate(children)}
        rows = []
        for month, count in sorted(counted.items()):
            days = (min(add_months(month, 1), last_day + dt.timedelta(days=1)) - month).days
            if days <= 0:
                continue
            for child in rng.choices(children, weights=risks, k=int(count)):
                rows.append(
                    Incident(
                        team=team,
                        reported_by=reporter,
                        child_code=child.code,
                        classroom=room_of[child.code],
                        occurred_on=month + dt.timedelta(days=rng.randrange(days)),
                        occurred_at=dt.time(rng.choice([8, 9, 10, 11, 13, 15]), rng.choice([0, 15, 30, 45])),
                        activity=rng.choice(ACTIVITIES),
                        behavior=rng.choice(BEHAVIORS),
                        motivation=rng.choice(MOTIVATIONS),
                        adult_response=rng.choice(RESPONSES),
                        outcome=rng.choices(["none", "suspension", "dismissal"], [0.93, 0.06, 0.01])[0],
                        demographics=child.demographics,
                    )
                )
        Incident.objects.bulk_create(rows)
        made += len(rows)
    return made
