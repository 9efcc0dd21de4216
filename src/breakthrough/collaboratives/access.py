"""The one place that decides who may see and change what: roles, role groups, reach and the rules.

Every model declares a ``permission_scope`` and answers ``get_collaborative()`` / ``get_team()``
(``core.models.Scoped``); the rules below decide per scope and role. Views and API calls reach objects
only through ``get_object_for_user`` (or ``can_view``/``can_change`` for one object, and the querysets'
``visible_to``, which read ``reach_of``, for lists), so a page cannot forget a rule.

Principles (DESIGN.md): a team's unshared work is its own; faculty, project staff and evaluators
see every team of their collaborative; observers never learn a classroom's participation and see
none of the improvement work; viewers see aggregates only.

A person's memberships are read once per request (one query, cached on the user object): every
role set, team set and collaborative set below is derived from those rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from breakthrough.collaboratives.models import (
    TEAM_ROLES,
    Classroom,
    Collaborative,
    Membership,
    Program,
    Role,
    Team,
)

# --- Role groups: every set of roles the application reasons about, named once. ---

OVERSIGHT = frozenset({Role.PROJECT_STAFF, Role.FACULTY, Role.EVALUATOR})
"""Roles that oversee every team of their collaborative."""
REVIEWERS = frozenset({Role.PROJECT_STAFF, Role.FACULTY})
"""Roles that review reports, comment and rate teams."""
PARTICIPANTS = TEAM_ROLES | OVERSIGHT
"""Roles that take part in the improvement work (not observers, not viewers)."""
READERS = PARTICIPANTS | {Role.VIEWER}
"""Roles that read the collaborative's reference data (framework, shared measures): all but observers."""
AGGREGATE_READERS = OVERSIGHT | {Role.VIEWER}
"""Roles that read the collaborative dashboard (viewers get it suppressed)."""
STUDY_TEAM = frozenset({Role.EVALUATOR, Role.PROJECT_STAFF})
"""Roles that run the study: surveys, interviews, observations' assignment, the code book."""
STUDY_AGGREGATES = STUDY_TEAM | {Role.VIEWER}
"""Roles that see the study's aggregates (viewers suppressed)."""
STUDY_PAGE = STUDY_TEAM | {Role.OBSERVER, Role.VIEWER} | TEAM_ROLES
"""Roles with something on the study's pages (observers their visits, team staff their incidents)."""
INCIDENT_ROLES = frozenset({Role.TEACHER, Role.ASSISTANT_TEACHER, Role.DIRECTOR})
"""A team's staff who report behavior incidents (families do not)."""
ASSESSORS = TEAM_ROLES | REVIEWERS
"""Roles on the assessment pages: teams rate themselves, faculty and staff rate teams."""
AFFINITY_GROUPS: dict[str, frozenset[str]] = {
    "directors": frozenset({Role.DIRECTOR, Role.SENIOR_LEADER}),
    "teachers": frozenset({Role.TEACHER, Role.ASSISTANT_TEACHER}),
    "families": frozenset({Role.FAMILY_MEMBER}),
}
"""The role groups an event or a discussion can be for."""
AFFINITY_GUESTS = REVIEWERS
"""Roles that join every affinity group's discussion besides the group itself (project staff, faculty)."""
MODERATORS = frozenset({Role.PROJECT_STAFF})
"""Roles that hide posts in the community space (with a reason, audited) and see what they hid."""
LIBRARY_EDITORS = REVIEWERS
"""Roles that add resources and new versions to the resource library."""
DIRECTORY_READERS = PARTICIPANTS | {Role.OBSERVER}
"""Roles that open the member directory (observers see only the project staff listed, no teams)."""
EXCHANGE_READERS = STUDY_TEAM
"""Roles that read the counts of cross-team replies (the study's "informal communications between teams")."""
APPLICATION_STAFF = frozenset({Role.PROJECT_STAFF})
"""Roles that read applications (a director's contact data), rate their readiness, accept or decline."""
READINESS_READERS = STUDY_TEAM
"""Roles that read the readiness rubric and scores (numbers, no contact data): evaluators, project staff."""
SESSION_RECORDERS = STUDY_TEAM
"""Roles that record learning-session observations (faculty, who lead the sessions, read them)."""
TA_PROVIDERS = OVERSIGHT
"""Roles that record technical-assistance contacts with teams (and read every team's)."""
ADAPTATION_RECORDERS = STUDY_TEAM
"""Roles that record adaptations of the model (faculty read them)."""
CHILD_RATERS = INCIDENT_ROLES
"""A team's staff who rate their own program's children on the child assessment (families do not)."""
FIELDWORK_PAGE = OVERSIGHT | CHILD_RATERS | {Role.VIEWER}
"""Roles with something on the fieldwork pages (viewers: child outcomes, suppressed)."""

RoleMap = dict[str, set[int | None]]  # role -> team ids (None for collaborative-wide roles)


# --- Reach: where a person's roles take them, from one read of their memberships. ---


@dataclass(frozen=True)
class Reach:
    """A person's memberships as sets: collaboratives by role group, and the teams they are on."""

    rows: tuple[tuple[int, str, int | None], ...]
    superuser: bool = False
    _by_collab: dict[int, RoleMap] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[int, RoleMap] = defaultdict(lambda: defaultdict(set))
        for collab_id, role, team_id in self.rows:
            grouped[collab_id][role].add(team_id)
        self._by_collab.update({k: dict(v) for k, v in grouped.items()})

    def roles_in(self, collaborative_id: int) -> RoleMap:
        return self._by_collab.get(collaborative_id, {})

    def collaboratives(self, roles: Iterable[str]) -> set[int]:
        """The collaboratives in which the person holds any of ``roles``."""
        wanted = set(roles)
        return {collab for collab, role, _team in self.rows if role in wanted}

    @property
    def roles(self) -> set[str]:
        """Every role the person holds anywhere."""
        return {role for _collab, role, _team in self.rows}

    @property
    def teams(self) -> set[int]:
        """The teams the person is on (team roles)."""
        return {team for _collab, role, team in self.rows if role in TEAM_ROLES and team is not None}

    def teams_as(self, roles: Iterable[str]) -> set[int]:
        wanted = set(roles)
        return {team for _collab, role, team in self.rows if role in wanted and team is not None}

    @property
    def oversee(self) -> set[int]:
        return self.collaboratives(OVERSIGHT)

    @property
    def reference(self) -> set[int]:
        return self.collaboratives(READERS)

    @property
    def review(self) -> set[int]:
        return self.collaboratives(REVIEWERS)

    def team_q(self, prefix: str = "") -> Q:
        """A filter for the teams whose unshared work this person sees (``prefix`` leads to the team)."""
        return Q(**{f"{prefix}collaborative_id__in": self.oversee}) | Q(**{f"{prefix}pk__in": self.teams})


_NOBODY = Reach(rows=())


def reach_of(user: Any) -> Reach:
    """A person's reach, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return _NOBODY
    reach = getattr(user, "_breakthrough_reach", None)
    if reach is None:
        rows = (
            Membership.objects.active().filter(user=user).values_list("collaborative_id", "role", "team_id")
        )
        reach = Reach(rows=tuple(rows), superuser=bool(user.is_superuser))
        user._breakthrough_reach = reach
    return reach


def forget_reach(user: Any) -> None:
    """Drop the cached reach, after a person's memberships changed within one request."""
    user.__dict__.pop("_breakthrough_reach", None)


def roles_in(user: Any, collaborative: Collaborative | int | None) -> RoleMap:
    """A person's roles in one collaborative."""
    if collaborative is None:
        return {}
    collab_id = collaborative if isinstance(collaborative, int) else collaborative.pk
    return reach_of(user).roles_in(collab_id)


def team_ids_of(roles: RoleMap) -> set[int]:
    return {t for role, teams in roles.items() if role in TEAM_ROLES for t in teams if t is not None}


def is_member_of_team(roles: RoleMap, team: Any) -> bool:
    return team is not None and team.pk in team_ids_of(roles)


def has_any(roles: RoleMap, wanted: frozenset[str] | set[str]) -> bool:
    return bool(roles.keys() & wanted)


def collaboratives_where(user: Any, roles: Iterable[str]) -> models.QuerySet[Collaborative]:
    """The collaboratives in which a person holds any of ``roles`` (every one, for a superuser)."""
    if not getattr(user, "is_authenticated", False):
        return Collaborative.objects.none()
    if user.is_superuser:
        return Collaborative.objects.all()
    return Collaborative.objects.filter(pk__in=reach_of(user).collaboratives(roles))


def collaborative_ids_where(user: Any, roles: Iterable[str]) -> set[int]:
    if getattr(user, "is_superuser", False):
        return set(Collaborative.objects.values_list("pk", flat=True))
    return reach_of(user).collaboratives(roles)


def teams_seen_by(user: Any) -> models.QuerySet[Team]:
    """The teams whose unshared work this person sees: their own, or every team they oversee."""
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    if user.is_superuser:
        return Team.objects.active()
    return Team.objects.active().filter(reach_of(user).team_q())


def oversees(user: Any, collaborative: Collaborative | int) -> bool:
    return getattr(user, "is_superuser", False) or has_any(roles_in(user, collaborative), OVERSIGHT)


# --- The rules, per permission scope. ---


def can_view(user: Any, obj: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    scope = obj.permission_scope  # type: ignore[attr-defined]
    if scope == "public":
        return True
    if scope in STUDY_SCOPES:
        return _study_can_view(user, obj)
    if scope in INTAKE_SCOPES:
        return _intake_can(user, obj, write=False)
    if scope in FIELDWORK_SCOPES:
        return _fieldwork_can_view(user, obj)
    if scope == "comment":
        return can_view(user, obj.target)  # type: ignore[attr-defined]
    if scope == "program":
        return _can_view_program(user, obj)
    if scope == "own":
        return obj.user_id == user.pk  # type: ignore[attr-defined]
    collaborative = obj.get_collaborative()  # type: ignore[attr-defined]
    roles = roles_in(user, collaborative)
    if not roles:
        return False
    if scope == "discussion":
        return _joins_discussion(roles, obj.affinity_group) and (  # type: ignore[attr-defined]
            not obj.is_hidden_by_staff() or has_any(roles, MODERATORS)  # type: ignore[attr-defined]
        )
    if scope == "library":
        return has_any(roles, PARTICIPANTS)
    team = obj.get_team()  # type: ignore[attr-defined]
    if scope == "collaborative":
        # Framework, measures, timeline: reference data for everyone but observers (blinding).
        return has_any(roles, READERS) and (team is None or _sees_team(roles, team))
    if scope == "membership":
        return obj.user_id == user.pk or has_any(roles, OVERSIGHT) or is_member_of_team(roles, team)  # type: ignore[attr-defined]
    if scope == "team":
        return _sees_team(roles, team)
    if scope == "shareable":
        return _sees_team(roles, team) or (obj.is_shared and has_any(roles, PARTICIPANTS))  # type: ignore[attr-defined]
    if scope == "event":
        return has_any(roles, PARTICIPANTS) and (team is None or _sees_team(roles, team))
    if scope == "personal":
        return obj.user_id == user.pk or has_any(roles, OVERSIGHT)  # type: ignore[attr-defined]
    raise ValueError(f"unknown permission scope {scope!r} on {type(obj).__name__}")


def can_change(user: Any, obj: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    scope = obj.permission_scope  # type: ignore[attr-defined]
    if scope in STUDY_SCOPES:
        return _study_can_change(user, obj)
    if scope in INTAKE_SCOPES:
        return _intake_can(user, obj, write=True)
    if scope in FIELDWORK_SCOPES:
        return _fieldwork_can_change(user, obj)
    if scope == "comment":
        return obj.author_id == user.pk  # type: ignore[attr-defined]
    if scope == "public":
        return Role.PROJECT_STAFF in reach_of(user).roles
    if scope == "program":
        return bool(obj.collaborative_ids() & reach_of(user).collaboratives({Role.PROJECT_STAFF}))  # type: ignore[attr-defined]
    if scope == "own":
        return obj.user_id == user.pk  # type: ignore[attr-defined]
    roles = roles_in(user, obj.get_collaborative())  # type: ignore[attr-defined]
    if scope == "discussion":
        return has_any(roles, MODERATORS)  # posts are not edited; staff moderate them
    if scope == "library":
        return has_any(roles, LIBRARY_EDITORS)
    if Role.PROJECT_STAFF in roles:
        return True
    team = obj.get_team()  # type: ignore[attr-defined]
    if scope == "collaborative":
        return team is not None and is_member_of_team(roles, team)  # a team's own measures and ideas
    if scope in {"team", "shareable"}:
        if obj.is_faculty_owned():  # type: ignore[attr-defined]
            return Role.FACULTY in roles
        return is_member_of_team(roles, team) and not obj.is_locked_for_team()  # type: ignore[attr-defined]
    if scope == "event":
        return team is not None and (is_member_of_team(roles, team) or Role.FACULTY in roles)
    if scope == "personal":
        return obj.user_id == user.pk or Role.FACULTY in roles  # type: ignore[attr-defined]
    return False


def can_review(user: Any, obj: models.Model) -> bool:
    """Faculty and project staff review reports, comment, and rate teams."""
    if getattr(user, "is_superuser", False):
        return True
    return has_any(roles_in(user, obj.get_collaborative()), REVIEWERS)  # type: ignore[attr-defined]


def can_see_incident_dates(user: Any, team: Any) -> bool:
    """Whether a person may see when a team's incidents happened (the G and T charts): the team's staff who
    report them, and project staff, faculty and evaluators. Families and viewers see monthly counts only."""
    if getattr(user, "is_superuser", False):
        return True
    roles = roles_in(user, team.get_collaborative())
    return has_any(roles, OVERSIGHT) or any(team.pk in roles.get(role, ()) for role in INCIDENT_ROLES)


def incident_reach(user: Any, team: Any) -> str:
    """How a person reads a team's behavior incident reports (the BIRS habit): "team" for the team's staff who
    report them (every report with its child code, edits, exact monthly summaries), "oversight" for project
    staff, faculty and evaluators (monthly summaries with small counts suppressed and no child codes: a count
    of one child's incidents would single the child out), "" for everyone else (families and viewers see the
    incidents measure only)."""
    if getattr(user, "is_superuser", False):
        return "team"
    roles = roles_in(user, team.get_collaborative())
    if any(team.pk in roles.get(role, ()) for role in INCIDENT_ROLES):
        return "team"
    return "oversight" if has_any(roles, OVERSIGHT) else ""


def can_see_participation(user: Any, collaborative: Collaborative) -> bool:
    """Whether a person may learn which classrooms take part. Observers never may."""
    if getattr(user, "is_superuser", False):
        return True
    return has_any(roles_in(user, collaborative), PARTICIPANTS)


def feasibility_reach(user: Any, collaborative: Collaborative) -> str | None:
    """ "full" (the study team), "aggregates" (viewers: suppressed, no program's page) or None: observers
    never, even with another role (the answers name participating classrooms); teams never."""
    roles = roles_in(user, collaborative)
    if getattr(user, "is_superuser", False) or has_any(roles, STUDY_TEAM):
        return "full"
    return "aggregates" if Role.VIEWER in roles and Role.OBSERVER not in roles else None


# --- Data exports and imports: which tables a person may take out, and what they may bring in. ---

EXPORT_GROUPS: dict[str, frozenset[str]] = {
    "reference": AGGREGATE_READERS,  # the measures and their definitions (teams read them on their pages)
    "improvement": OVERSIGHT,  # values, reports, PDSA cycles, attendance, assessments: every team's rows
    "incidents": OVERSIGHT,  # behavior incidents with their dates and demographics
    "study": STUDY_TEAM,  # surveys, double codings, interviews
    "observations": STUDY_TEAM | {Role.OBSERVER},  # observations: an observer's own, blind (no participation)
    "aggregates": AGGREGATE_READERS,  # suppressed summaries, the only thing viewers take out
}
"""Table groups of an export and the roles that may take each out."""
IDENTIFIED_EXPORTERS = frozenset({Role.PROJECT_STAFF})
"""Roles that may export names and emails instead of study codes (everyone else gets study codes)."""
IMPORTERS = frozenset({Role.PROJECT_STAFF})
"""Roles that import programs, people, incidents and many teams' values for a whole collaborative."""


@dataclass(frozen=True)
class ExportReach:
    groups: frozenset[str]
    identified: bool
    blind: bool  # observations only the person's own, and nothing about participation

    @property
    def row_level(self) -> bool:
        return bool(self.groups - {"reference", "aggregates"})


def export_reach(user: Any, collaborative: Collaborative) -> ExportReach:
    """The table groups a person may export from a collaborative, and whether they may export identified."""
    if getattr(user, "is_superuser", False):
        return ExportReach(groups=frozenset(EXPORT_GROUPS), identified=True, blind=False)
    roles = roles_in(user, collaborative)
    groups = frozenset(name for name, allowed in EXPORT_GROUPS.items() if has_any(roles, allowed))
    return ExportReach(
        groups=groups,
        identified=has_any(roles, IDENTIFIED_EXPORTERS),
        blind=not has_any(roles, STUDY_TEAM),
    )


def can_import(user: Any, collaborative: Collaborative) -> bool:
    return getattr(user, "is_superuser", False) or has_any(roles_in(user, collaborative), IMPORTERS)


def can_import_team_values(user: Any, team: Any) -> bool:
    """A team's own monthly data: its members, and project staff (the same people who fill in its form)."""
    roles = roles_in(user, team.collaborative_id)
    return can_import(user, team.collaborative) or is_member_of_team(roles, team)


def can_join_discussion(user: Any, collaborative: Collaborative, affinity_group: str) -> bool:
    """Whether a person reads and writes in a discussion space: the collaborative's participants (not
    observers, not viewers), or for an affinity group's space its role group with staff and faculty."""
    if getattr(user, "is_superuser", False):
        return True
    return _joins_discussion(roles_in(user, collaborative), affinity_group)


def can_moderate(user: Any, collaborative: Collaborative) -> bool:
    return getattr(user, "is_superuser", False) or has_any(roles_in(user, collaborative), MODERATORS)


def directory_reach(user: Any, collaborative: Collaborative) -> str:
    """How much of the member directory a person sees: "all" (teams and roles), "staff" (observers: the
    project staff only, no teams) or "" (viewers and everyone else: nothing)."""
    if getattr(user, "is_superuser", False):
        return "all"
    roles = roles_in(user, collaborative)
    if has_any(roles, PARTICIPANTS):
        return "all"
    return "staff" if Role.OBSERVER in roles else ""


def get_object_for_user[M: models.Model](user: Any, model: type[M], pk: Any, *, write: bool = False) -> M:
    """One object, or a refusal: 404 if it is missing or hidden from this person, 403 if read-only to them."""
    try:
        obj = model._default_manager.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    if not can_view(user, obj):
        raise Http404  # don't confirm the object exists
    if write and not can_change(user, obj):
        raise PermissionDenied
    return obj


def _joins_discussion(roles: RoleMap, affinity_group: str) -> bool:
    if not affinity_group:
        return has_any(roles, PARTICIPANTS)
    return has_any(roles, AFFINITY_GROUPS[affinity_group] | AFFINITY_GUESTS)


def _sees_team(roles: RoleMap, team: Any) -> bool:
    return has_any(roles, OVERSIGHT) or is_member_of_team(roles, team)


def _can_view_program(user: Any, obj: models.Model) -> bool:
    # Programs and classrooms carry no improvement work; observers need the address and code. Only the
    # people of the collaboratives a program belongs to see it (tenancy).
    mine = {collab for collab, _role, _team in reach_of(user).rows}
    return bool(obj.collaborative_ids() & mine)  # type: ignore[attr-defined]


def programs_visible_to(user: Any) -> models.QuerySet[Program]:
    """The programs a person sees: those of the collaboratives they hold any role in."""
    if not getattr(user, "is_authenticated", False):
        return Program.objects.none()
    if user.is_superuser:
        return Program.objects.all()
    return Program.objects.in_collaboratives({c for c, _role, _team in reach_of(user).rows})


def programs_changeable_by(user: Any) -> models.QuerySet[Program]:
    """The programs a person may change and give a team: those of the collaboratives they run as staff."""
    if getattr(user, "is_superuser", False):
        return Program.objects.all()
    return Program.objects.in_collaboratives(collaborative_ids_where(user, {Role.PROJECT_STAFF}))


def classrooms_visible_to(user: Any) -> models.QuerySet[Classroom]:
    if not getattr(user, "is_authenticated", False):
        return Classroom.objects.none()
    if user.is_superuser:
        return Classroom.objects.all()
    return Classroom.objects.in_collaboratives({c for c, _role, _team in reach_of(user).rows})


# The study's rules live in access_study.py (to keep each module readable); they are part of this module and
# every caller imports them from here. (access_study reads the names above, so it is imported last.)
from breakthrough.collaboratives import access_study as _study  # noqa: E402

STUDY_SCOPES = _study.STUDY_SCOPES
_study_can_view = _study._study_can_view
_study_can_change = _study._study_can_change
INTAKE_SCOPES = _study.INTAKE_SCOPES
_intake_can = _study._intake_can
can_review_applications = _study.can_review_applications
can_see_readiness = _study.can_see_readiness
FIELDWORK_SCOPES = _study.FIELDWORK_SCOPES
_fieldwork_can_view = _study._fieldwork_can_view
_fieldwork_can_change = _study._fieldwork_can_change
can_record_sessions = _study.can_record_sessions
can_record_ta = _study.can_record_ta
can_record_adaptations = _study.can_record_adaptations
can_read_fieldwork_logs = _study.can_read_fieldwork_logs
child_score_classrooms = _study.child_score_classrooms
child_outcome_reach = _study.child_outcome_reach
