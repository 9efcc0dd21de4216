"""Reads for the intake pages and for the study (the feasibility app reads ``readiness_by_program`` and
``planning_meeting``).

Readiness, as a percent of the rubric's maximum: for each criterion, the mean of the raters' level scores;
these means summed over the rated criteria, divided by the sum of those criteria's highest level scores,
times 100. A criterion nobody has rated yet counts neither way; an application nobody has rated has no
readiness (absent from the results).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Max, Prefetch

from breakthrough.collaboratives.models import Collaborative
from breakthrough.intake.models import (
    Application,
    PlanningMeeting,
    PlanningParticipant,
    ReadinessCriterion,
    ReadinessLevel,
    ReadinessRating,
    ReadinessRubric,
)


def rubric_of(collaborative: Collaborative) -> ReadinessRubric | None:
    """The collaborative's rubric with its active criteria (in order) and their levels (by score)."""
    levels = Prefetch("levels", queryset=ReadinessLevel.objects.active().order_by("score"))
    criteria = Prefetch(
        "criteria",
        queryset=ReadinessCriterion.objects.active().order_by("order", "pk").prefetch_related(levels),
    )
    return (
        ReadinessRubric.objects.active()
        .filter(collaborative=collaborative)
        .prefetch_related(criteria)
        .first()
    )


def _maxima(collaborative: Collaborative) -> dict[int, int]:
    rows = (
        ReadinessLevel.objects.active()
        .filter(
            criterion__rubric__collaborative=collaborative,
            criterion__archived_at__isnull=True,
            criterion__rubric__archived_at__isnull=True,
        )
        .values("criterion_id")
        .annotate(top=Max("score"))
    )
    return {row["criterion_id"]: row["top"] for row in rows}


def _criterion_means(applications: Iterable[int]) -> dict[int, dict[int, float]]:
    """application id → criterion id → the mean of its raters' level scores."""
    rows = (
        ReadinessRating.objects.active()
        .filter(application_id__in=list(applications))
        .values("application_id", "criterion_id")
        .annotate(mean=Avg("level__score"))
    )
    means: dict[int, dict[int, float]] = defaultdict(dict)
    for row in rows:
        means[row["application_id"]][row["criterion_id"]] = float(row["mean"])
    return means


def _percent(means: dict[int, float], maxima: dict[int, int]) -> float | None:
    rated = [c for c in means if maxima.get(c)]
    if not rated:
        return None
    return 100.0 * sum(means[c] for c in rated) / sum(maxima[c] for c in rated)


def readiness_by_application(collaborative: Collaborative) -> dict[int, float]:
    """Application id → readiness (0–100) for every rated application of the collaborative."""
    ids = Application.objects.active().filter(collaborative=collaborative).values_list("pk", flat=True)
    maxima = _maxima(collaborative)
    found = {}
    for app_id, means in _criterion_means(ids).items():
        percent = _percent(means, maxima)
        if percent is not None:
            found[app_id] = percent
    return found


def readiness_by_program(collaborative: Collaborative) -> dict[int, float]:
    """Program id → readiness (0–100) from the accepted application that made it (the latest, if several)."""
    accepted = (
        Application.objects.active()
        .filter(collaborative=collaborative, status=Application.Status.ACCEPTED, program__isnull=False)
        .order_by("decided_at", "pk")
        .values_list("pk", "program_id")
    )
    by_app = readiness_by_application(collaborative)
    return {program_id: by_app[pk] for pk, program_id in accepted if pk in by_app}


@dataclass
class CriterionRow:
    criterion: ReadinessCriterion
    levels: list[ReadinessLevel]
    ratings: list[ReadinessRating] = field(default_factory=list)
    mine: ReadinessRating | None = None

    @property
    def mean(self) -> float | None:
        if not self.ratings:
            return None
        return sum(r.level.score for r in self.ratings) / len(self.ratings)


def rating_rows(application: Application, rubric: ReadinessRubric | None, user: Any) -> list[CriterionRow]:
    """One row per criterion of the rubric: its levels, every rating of this application, the person's own."""
    if rubric is None:
        return []
    rows = {c.pk: CriterionRow(criterion=c, levels=list(c.levels.all())) for c in rubric.criteria.all()}
    ratings = (
        ReadinessRating.objects.active()
        .filter(application=application, criterion_id__in=rows)
        .select_related("level", "rater")
        .order_by("criterion_id", "rater__username")
    )
    for rating in ratings:
        row = rows[rating.criterion_id]
        row.ratings.append(rating)
        if rating.rater_id == user.pk:
            row.mine = rating
    return list(rows.values())


def applications_of(collaborative: Collaborative) -> list[Application]:
    return list(
        Application.objects.active()
        .filter(collaborative=collaborative)
        .select_related("program", "team")
        .order_by("status", "-submitted_at", "-pk")
    )


def planning_meeting(collaborative: Collaborative) -> PlanningMeeting | None:
    """The collaborative's planning meeting with its participants, drivers and measures, or None."""
    participants = Prefetch("participants", queryset=PlanningParticipant.objects.active().order_by("role"))
    return (
        PlanningMeeting.objects.active()
        .filter(collaborative=collaborative)
        .prefetch_related(participants, "drivers", "measures")
        .first()
    )


@dataclass
class ReadinessRow:
    """One accepted program's readiness for the study's page: no contact data, only names and numbers."""

    program_id: int
    program: str
    team: str
    readiness: float | None
    means: list[float | None]
    raters: int


def readiness_table(collaborative: Collaborative, rubric: ReadinessRubric | None) -> list[ReadinessRow]:
    accepted = list(
        Application.objects.active()
        .filter(collaborative=collaborative, status=Application.Status.ACCEPTED, program__isnull=False)
        .select_related("program", "team")
        .order_by("program__name", "pk")
    )
    criteria = [c.pk for c in rubric.criteria.all()] if rubric else []
    means = _criterion_means(a.pk for a in accepted)
    maxima = _maxima(collaborative)
    raters = dict(
        ReadinessRating.objects.active()
        .filter(application__in=accepted)
        .values("application_id")
        .annotate(n=Count("rater_id", distinct=True))
        .values_list("application_id", "n")
    )
    return [
        ReadinessRow(
            program_id=a.program_id,
            program=a.program.name,
            team=a.team.name if a.team else "",
            readiness=_percent(means.get(a.pk, {}), maxima),
            means=[means.get(a.pk, {}).get(c) for c in criteria],
            raters=raters.get(a.pk, 0),
        )
        for a in accepted
    ]
