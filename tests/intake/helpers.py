"""Plain builders for the intake tests: a call for applications, a small rubric, an application."""

from __future__ import annotations

from typing import Any

from breakthrough.collaboratives.models import Collaborative, Program
from breakthrough.intake.models import (
    Application,
    ApplicationCall,
    ReadinessCriterion,
    ReadinessLevel,
    ReadinessRubric,
)


def open_call(collaborative: Collaborative) -> ApplicationCall:
    return ApplicationCall.objects.create(collaborative=collaborative, applications_open=True)


def make_rubric(collaborative: Collaborative, tops: tuple[int, ...] = (4, 3)) -> list[ReadinessCriterion]:
    """A rubric with one criterion per entry of ``tops``, each with levels scored 1 … top."""
    rubric = ReadinessRubric.objects.create(collaborative=collaborative, name="Readiness")
    criteria = []
    for order, top in enumerate(tops):
        criterion = ReadinessCriterion.objects.create(
            rubric=rubric, name=f"Criterion {order + 1}", order=order
        )
        for score in range(1, top + 1):
            ReadinessLevel.objects.create(criterion=criterion, score=score, label=f"Level {score}")
        criteria.append(criterion)
    return criteria


def level(criterion: ReadinessCriterion, score: int) -> ReadinessLevel:
    return criterion.levels.get(score=score)


APPLICATION = {
    "program_name": "Little Oaks Learning Center",
    "program_kind": Program.Kind.CHILD_CARE_CENTER,
    "street_address": "12 Elm Street",
    "city": "Boston",
    "state": "MA",
    "postal_code": "02120",
    "director_name": "Rosa Delgado",
    "email": "rosa@example.org",
    "phone": "617-555-0100",
    "language": "es",
    "classrooms": 4,
    "children_enrolled": 52,
    "languages_spoken": "Spanish, English",
    "motivation": "We want to support children's social and emotional learning.",
    "team_members": "The director, two teachers and a parent.",
}


def make_application(collaborative: Collaborative, **overrides: Any) -> Application:
    return Application.objects.create(collaborative=collaborative, **(APPLICATION | overrides))
