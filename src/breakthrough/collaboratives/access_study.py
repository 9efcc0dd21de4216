"""The study's permission rules: survey, instrument and observation scopes; applications and readiness;
session observations, TA contacts, adaptations and child scores. Part of ``access`` (which re-exports every
name here): import them from ``breakthrough.collaboratives.access``, never from this module.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from breakthrough.collaboratives.access import (
    ADAPTATION_RECORDERS,
    APPLICATION_STAFF,
    CHILD_RATERS,
    OVERSIGHT,
    READINESS_READERS,
    SESSION_RECORDERS,
    STUDY_TEAM,
    TA_PROVIDERS,
    RoleMap,
    has_any,
    oversees,
    reach_of,
    roles_in,
)
from breakthrough.collaboratives.models import Classroom, Collaborative, Role

# Study scopes.
# "study": survey waves, responses, links, interviews, code book: evaluators and project staff only.
# "instrument": the instrument library: anyone who is an evaluator, observer or staff somewhere reads it;
#   evaluators and staff change it.
# "observation": the assigned observer (blind) and the collaborative's evaluators and staff.
STUDY_SCOPES = frozenset({"study", "instrument", "observation"})


def _study_can_view(user: Any, obj: models.Model) -> bool:
    scope = obj.permission_scope  # type: ignore[attr-defined]
    if scope == "instrument":
        return bool(reach_of(user).roles & (STUDY_TEAM | {Role.OBSERVER}))
    if scope == "observation" and obj.observer_id == user.pk:  # type: ignore[attr-defined]
        return True
    return has_any(roles_in(user, obj.get_collaborative()), STUDY_TEAM)  # type: ignore[attr-defined]


def _study_can_change(user: Any, obj: models.Model) -> bool:
    scope = obj.permission_scope  # type: ignore[attr-defined]
    if scope == "instrument":
        return bool(reach_of(user).roles & STUDY_TEAM)
    if scope == "observation" and obj.observer_id == user.pk:  # type: ignore[attr-defined]
        return not obj.is_locked_for_observer()  # type: ignore[attr-defined]
    return has_any(roles_in(user, obj.get_collaborative()), STUDY_TEAM)  # type: ignore[attr-defined]


# Intake scopes (intake/models.py).
# "application": applications and the ratings of them: project staff only (contact data, reviewers' notes).
# "readiness": the rubric, its criteria and levels: the study team reads them, project staff change them.
INTAKE_SCOPES = frozenset({"application", "readiness"})


def _intake_can(user: Any, obj: models.Model, *, write: bool) -> bool:
    roles = roles_in(user, obj.get_collaborative())  # type: ignore[attr-defined]
    if write or obj.permission_scope == "application":  # type: ignore[attr-defined]
        return has_any(roles, APPLICATION_STAFF)
    return has_any(roles, READINESS_READERS)


def can_review_applications(user: Any, collaborative: Collaborative | int) -> bool:
    """Whether a person opens a collaborative's applications, rates and decides them: its project staff."""
    return getattr(user, "is_superuser", False) or has_any(roles_in(user, collaborative), APPLICATION_STAFF)


def can_see_readiness(user: Any, collaborative: Collaborative | int) -> bool:
    """Whether a person reads the readiness scores of a collaborative's programs (never contact data)."""
    return getattr(user, "is_superuser", False) or has_any(roles_in(user, collaborative), READINESS_READERS)


# Fieldwork scopes (session observations, TA, adaptations, child scores; docs/study.md).
# "session_observation": read by faculty, staff and evaluators; written by evaluators and staff.
# "ta": read by faculty, staff and evaluators; changed by whoever gave the contact, and project staff.
# "adaptation": read by faculty, staff and evaluators; written by evaluators and staff.
# "child_score": evaluators and staff, and the staff of the team whose program the classroom is in. Never
#   observers (a child's classroom would tell them it takes part) nor viewers (aggregates only, suppressed).
FIELDWORK_SCOPES = frozenset({"session_observation", "ta", "adaptation", "child_score"})


def _fieldwork_can_view(user: Any, obj: models.Model) -> bool:
    scope = obj.permission_scope  # type: ignore[attr-defined]
    roles = roles_in(user, obj.get_collaborative())  # type: ignore[attr-defined]
    if scope == "child_score":
        return has_any(roles, STUDY_TEAM) or _rates_for(roles, obj.get_team())  # type: ignore[attr-defined]
    return has_any(roles, OVERSIGHT)


def _fieldwork_can_change(user: Any, obj: models.Model) -> bool:
    scope = obj.permission_scope  # type: ignore[attr-defined]
    roles = roles_in(user, obj.get_collaborative())  # type: ignore[attr-defined]
    if scope == "session_observation":
        return has_any(roles, SESSION_RECORDERS)
    if scope == "ta":
        return has_any(roles, TA_PROVIDERS) and (
            obj.provider_id == user.pk or Role.PROJECT_STAFF in roles  # type: ignore[attr-defined]
        )
    if scope == "adaptation":
        return has_any(roles, ADAPTATION_RECORDERS)
    if scope == "child_score":
        return has_any(roles, STUDY_TEAM) or _rates_for(roles, obj.get_team())  # type: ignore[attr-defined]
    return False


def _rates_for(roles: RoleMap, team: Any) -> bool:
    return team is not None and any(team.pk in roles.get(role, ()) for role in CHILD_RATERS)


def can_record_sessions(user: Any, collaborative: Collaborative) -> bool:
    return getattr(user, "is_superuser", False) or has_any(roles_in(user, collaborative), SESSION_RECORDERS)


def can_record_ta(user: Any, collaborative: Collaborative) -> bool:
    return getattr(user, "is_superuser", False) or has_any(roles_in(user, collaborative), TA_PROVIDERS)


def can_record_adaptations(user: Any, collaborative: Collaborative) -> bool:
    return getattr(user, "is_superuser", False) or has_any(
        roles_in(user, collaborative), ADAPTATION_RECORDERS
    )


def can_read_fieldwork_logs(user: Any, collaborative: Collaborative) -> bool:
    """Session observations, TA contacts and adaptations: faculty, project staff and evaluators."""
    return oversees(user, collaborative)


def child_score_classrooms(user: Any, collaborative: Collaborative) -> models.QuerySet[Classroom]:
    """The classrooms whose child scores a person reads and enters: every classroom of the collaborative's
    teams for evaluators and staff; their own program's classrooms for a team's teachers and directors."""
    classrooms = Classroom.objects.active().filter(program__teams__collaborative=collaborative).distinct()
    if getattr(user, "is_superuser", False):
        return classrooms
    roles = roles_in(user, collaborative)
    if has_any(roles, STUDY_TEAM):
        return classrooms
    teams = {t for role in CHILD_RATERS for t in roles.get(role, ()) if t is not None}
    return classrooms.filter(program__teams__in=teams)


def child_outcome_reach(user: Any, collaborative: Collaborative) -> str:
    """How a person sees the child outcomes' aggregates: "all", "suppressed" (viewers, and a team's staff,
    who see every program's means) or "" (nothing: observers, faculty, families)."""
    if getattr(user, "is_superuser", False):
        return "all"
    roles = roles_in(user, collaborative)
    if has_any(roles, STUDY_TEAM):
        return "all"
    if has_any(roles, CHILD_RATERS | {Role.VIEWER}):
        return "suppressed"
    return ""
