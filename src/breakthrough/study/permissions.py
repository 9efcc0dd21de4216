"""Reads the study's pages share: which collaboratives a person studies, observes or may see in aggregate."""

from __future__ import annotations

from typing import Any

from breakthrough.collaboratives.models import Collaborative, Membership, Role

STUDY_TEAM = (Role.EVALUATOR, Role.PROJECT_STAFF)


def _ids(user: Any, roles: tuple[str, ...]) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return set(Collaborative.objects.values_list("pk", flat=True))
    return set(
        Membership.objects.active()
        .filter(user=user, role__in=roles)
        .values_list("collaborative_id", flat=True)
    )


def study_collaboratives(user: Any) -> set[int]:
    """Collaboratives whose study data this person sees: evaluators and project staff."""
    return _ids(user, STUDY_TEAM)


def observer_collaboratives(user: Any) -> set[int]:
    return _ids(user, (Role.OBSERVER,))


def aggregate_collaboratives(user: Any) -> set[int]:
    """Collaboratives whose suppressed aggregates this person sees (viewers, and the study team)."""
    return _ids(user, (*STUDY_TEAM, Role.VIEWER))
