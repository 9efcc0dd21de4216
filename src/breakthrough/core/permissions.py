"""The one place that decides who may see and change what.

Every model declares a ``permission_scope`` and answers ``get_collaborative()`` / ``get_team()``;
the rules below decide per scope and role. Views and API calls reach objects only through
``get_object_for_user`` (or ``can_view``/``can_change`` for lists), so a page cannot forget a rule.

Principles (DESIGN.md): a team's unshared work is its own; faculty, project staff and evaluators
see every team of their collaborative; observers never learn a classroom's participation and see
none of the improvement work; viewers see aggregates only.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from breakthrough.collaboratives.models import TEAM_ROLES, Collaborative, Membership, Role

# Roles that oversee every team of their collaborative.
OVERSIGHT = frozenset({Role.PROJECT_STAFF, Role.FACULTY, Role.EVALUATOR})
# Roles that take part in the improvement work (not observers, not viewers).
PARTICIPANTS = TEAM_ROLES | {Role.PROJECT_STAFF, Role.FACULTY, Role.EVALUATOR}

RoleMap = dict[str, set[int | None]]  # role -> team ids (None for collaborative-wide roles)


def roles_in(user: Any, collaborative: Collaborative | int | None) -> RoleMap:
    """A person's roles in one collaborative, cached on the user object for the request."""
    if collaborative is None or not getattr(user, "is_authenticated", False):
        return {}
    cache = getattr(user, "_breakthrough_roles", None)
    if cache is None:
        cache = defaultdict(lambda: defaultdict(set))
        rows = (
            Membership.objects.active().filter(user=user).values_list("collaborative_id", "role", "team_id")
        )
        for collab_id, role, team_id in rows:
            cache[collab_id][role].add(team_id)
        user._breakthrough_roles = cache
    collab_id = collaborative if isinstance(collaborative, int) else collaborative.pk
    return cache.get(collab_id, {})


def team_ids_of(roles: RoleMap) -> set[int]:
    return {t for role, teams in roles.items() if role in TEAM_ROLES for t in teams if t is not None}


def is_member_of_team(roles: RoleMap, team: Any) -> bool:
    return team is not None and team.pk in team_ids_of(roles)


def has_any(roles: RoleMap, wanted: frozenset[str] | set[str]) -> bool:
    return bool(roles.keys() & wanted)


def can_view(user: Any, obj: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    scope = obj.permission_scope
    if scope == "public":
        return True
    if scope in STUDY_SCOPES:  # study layer (see the block at the end)
        return _study_can_view(user, obj)
    if scope == "comment":
        return can_view(user, obj.target)
    if scope == "program":
        return _can_view_program(user)
    collaborative = obj.get_collaborative()
    roles = roles_in(user, collaborative)
    if not roles:
        return False
    team = obj.get_team()
    if scope == "collaborative":
        # Framework, measures, timeline: reference data for everyone but observers (blinding).
        return has_any(roles, PARTICIPANTS | {Role.VIEWER}) and (team is None or _sees_team(roles, team))
    if scope == "membership":
        return obj.user_id == user.pk or has_any(roles, OVERSIGHT) or is_member_of_team(roles, team)
    if scope == "team":
        return _sees_team(roles, team)
    if scope == "shareable":
        return _sees_team(roles, team) or (obj.is_shared and has_any(roles, PARTICIPANTS))
    if scope == "event":
        return has_any(roles, PARTICIPANTS) and (team is None or _sees_team(roles, team))
    if scope == "personal":
        return obj.user_id == user.pk or has_any(roles, {Role.PROJECT_STAFF, Role.FACULTY, Role.EVALUATOR})
    raise ValueError(f"unknown permission scope {scope!r} on {type(obj).__name__}")


def can_change(user: Any, obj: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    scope = obj.permission_scope
    if scope in STUDY_SCOPES:  # study layer (see the block at the end)
        return _study_can_change(user, obj)
    if scope == "comment":
        return obj.author_id == user.pk
    if scope in {"public", "program"}:
        return _is_staff_anywhere(user)
    roles = roles_in(user, obj.get_collaborative())
    if Role.PROJECT_STAFF in roles:
        return True
    team = obj.get_team()
    if scope == "collaborative":
        return team is not None and is_member_of_team(roles, team)  # a team's own measures and ideas
    if scope in {"team", "shareable"}:
        if getattr(obj, "source", None) == "faculty":  # a faculty rating is faculty's own
            return Role.FACULTY in roles
        return is_member_of_team(roles, team) and _team_may_edit(obj)
    if scope == "event":
        return team is not None and (is_member_of_team(roles, team) or Role.FACULTY in roles)
    if scope == "personal":
        return obj.user_id == user.pk or Role.FACULTY in roles
    return False


def can_review(user: Any, obj: models.Model) -> bool:
    """Faculty and project staff review reports, comment, and rate teams."""
    if getattr(user, "is_superuser", False):
        return True
    roles = roles_in(user, obj.get_collaborative())
    return has_any(roles, {Role.PROJECT_STAFF, Role.FACULTY})


# Staff of a team who report behavior incidents (families do not).
INCIDENT_ROLES = frozenset({Role.TEACHER, Role.ASSISTANT_TEACHER, Role.DIRECTOR})


def can_see_incident_dates(user: Any, team: Any) -> bool:
    """Whether a person may see when a team's incidents happened (the G and T charts): the team's staff who
    report them, and project staff, faculty and evaluators. Families and viewers see monthly counts only."""
    if getattr(user, "is_superuser", False):
        return True
    roles = roles_in(user, team.get_collaborative())
    return has_any(roles, OVERSIGHT) or any(team.pk in roles.get(role, ()) for role in INCIDENT_ROLES)


def can_see_participation(user: Any, collaborative: Collaborative) -> bool:
    """Whether a person may learn which classrooms take part. Observers never may."""
    if getattr(user, "is_superuser", False):
        return True
    roles = roles_in(user, collaborative)
    return has_any(roles, PARTICIPANTS)


def get_object_for_user[M: models.Model](user: Any, model: type[M], pk: Any, *, write: bool = False) -> M:
    """One object, or a refusal: 404 if it is missing or hidden from this person, 403 if read-only to them."""
    try:
        obj = model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_view(user, obj):
        raise Http404  # don't confirm the object exists
    if write and not can_change(user, obj):
        raise PermissionDenied
    return obj


def _sees_team(roles: RoleMap, team: Any) -> bool:
    return has_any(roles, OVERSIGHT) or is_member_of_team(roles, team)


def _team_may_edit(obj: models.Model) -> bool:
    # A report is the team's until faculty have reviewed it.
    return getattr(obj, "status", "draft") != "reviewed"


def _can_view_program(user: Any) -> bool:
    # Programs and classrooms carry no improvement work; observers need the address and code.
    return Membership.objects.active().filter(user=user).exists()


def _is_staff_anywhere(user: Any) -> bool:
    return Membership.objects.active().filter(user=user, role=Role.PROJECT_STAFF).exists()


# --- Study layer (issue 6): scopes for study objects. Additive; the rules above are unchanged. ---
# "study": survey waves, responses, links, interviews, code book: evaluators and project staff only.
# "instrument": the instrument library: anyone who is an evaluator, observer or staff somewhere reads it;
#   evaluators and staff change it.
# "observation": the assigned observer (blind) and the collaborative's evaluators and staff.
STUDY_SCOPES = frozenset({"study", "instrument", "observation"})
STUDY_TEAM = frozenset({Role.EVALUATOR, Role.PROJECT_STAFF})


def _study_roles_anywhere(user: Any) -> set[str]:
    return set(Membership.objects.active().filter(user=user).values_list("role", flat=True))


def _study_can_view(user: Any, obj: models.Model) -> bool:
    scope = obj.permission_scope
    if scope == "instrument":
        return bool(_study_roles_anywhere(user) & (STUDY_TEAM | {Role.OBSERVER}))
    if scope == "observation" and obj.observer_id == user.pk:
        return True
    return has_any(roles_in(user, obj.get_collaborative()), STUDY_TEAM)


def _study_can_change(user: Any, obj: models.Model) -> bool:
    scope = obj.permission_scope
    if scope == "instrument":
        return bool(_study_roles_anywhere(user) & STUDY_TEAM)
    if scope == "observation" and obj.observer_id == user.pk:
        observation = getattr(obj, "observation", obj)
        return observation.status != "submitted"
    return has_any(roles_in(user, obj.get_collaborative()), STUDY_TEAM)
