"""Every kind of import: its columns, and how its rows become a Plan (natural keys make a re-upload change
nothing). The writes go through each app's own services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from breakthrough.collaboratives import services as collab_services
from breakthrough.collaboratives.models import (
    TEAM_ROLES,
    Classroom,
    Collaborative,
    Invitation,
    Membership,
    Program,
    Role,
    Team,
)
from breakthrough.imports import reading
from breakthrough.imports.plans import Plan, note_ignored, plan_values, read_entries, value_columns
from breakthrough.imports.reading import CellError, Sheet
from breakthrough.incidents import services as incident_services
from breakthrough.incidents.models import DemographicCategory, Incident
from breakthrough.measures.services import measures_for_team


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any
    required: list[str]
    optional: list[str]


KINDS = {
    "values": Kind(
        "values",
        gettext_lazy("Monthly values for many teams"),
        ["team", "month", "measure"],
        ["numerator", "denominator", "value"],
    ),
    "programs": Kind(
        "programs",
        gettext_lazy("Programs and classrooms"),
        ["program", "kind"],
        [
            "setting",
            "city",
            "state",
            "postal_code",
            "licensed_capacity",
            "team",
            "classroom",
            "classroom_code",
            "age_group",
            "participation",
            "children_enrolled",
        ],
    ),
    "people": Kind(
        "people",
        gettext_lazy("People and memberships (invitations are sent)"),
        ["email", "role"],
        ["team", "language"],
    ),
    "incidents": Kind(
        "incidents",
        gettext_lazy("Behavior incidents"),
        ["team", "child_code", "date", "behavior", "activity"],
        ["time", "motivation", "adult_response", "outcome", "follow_up"],
    ),
}


def columns_of(kind: str, collaborative: Collaborative) -> tuple[list[str], list[str]]:
    k = KINDS[kind]
    optional = list(k.optional)
    if kind == "incidents":
        optional += [c.code for c in DemographicCategory.objects.active().filter(collaborative=collaborative)]
    return k.required, optional


def _teams(collaborative: Collaborative) -> dict[str, Team]:
    return {t.name.lower(): t for t in collaborative.teams.active()}


def plan_for(
    kind: str, sheet: Sheet, *, collaborative: Collaborative, team: Team | None, base_url: str
) -> Plan:
    plan = Plan(file=sheet.file)
    note_ignored(plan, sheet)
    if kind == "team_values":
        assert team is not None
        entries = read_entries(sheet, plan, measures=measures_for_team(team), teams={}, one_team=team)
        plan_values(collaborative, entries, plan)
    elif kind == "values":
        measures = list(collaborative.measures.active().prefetch_related("versions"))
        entries = read_entries(sheet, plan, measures=measures, teams=_teams(collaborative), one_team=None)
        plan_values(collaborative, entries, plan)
    elif kind == "programs":
        _plan_programs(sheet, plan, collaborative)
    elif kind == "people":
        _plan_people(sheet, plan, collaborative, base_url)
    elif kind == "incidents":
        _plan_incidents(sheet, plan, collaborative)
    return plan


# --- programs and classrooms ---

PROGRAM_FIELDS = ("setting", "city", "state", "postal_code", "licensed_capacity")
CLASSROOM_FIELDS = ("age_group", "participation", "children_enrolled")


def _parse(plan: Plan, number: int, column: str, parse: Any, value: Any) -> Any:
    try:
        return parse(value)
    except CellError as exc:
        plan.problem(number, column, str(exc))
        return None


def _plan_programs(sheet: Sheet, plan: Plan, collaborative: Collaborative) -> None:
    # Only this collaborative's programs (tenancy): another collaborative's program of that name is not it.
    programs = {p.name.lower(): p for p in Program.objects.active().in_collaboratives([collaborative.pk])}
    classrooms = {c.code.lower(): c for c in Classroom.objects.select_related("program")}
    teamed = {t.program.name.lower() for t in collaborative.teams.select_related("program")}
    seen_programs: dict[str, Program] = {}
    for number, row in sheet.rows:
        name = reading.text(row.get("program"))
        if not name:
            plan.problem(number, "program", _("Expected the program's name."))
            continue
        fields: dict[str, Any] = {"name": name}
        fields["kind"] = _parse(
            plan, number, "kind", lambda v: reading.choice(v, Program.Kind.choices), row["kind"]
        )
        if row.get("setting"):
            fields["setting"] = _parse(
                plan, number, "setting", lambda v: reading.choice(v, Program.Setting.choices), row["setting"]
            )
        for key in ("city", "state", "postal_code"):
            if row.get(key):
                fields[key] = reading.text(row[key])
        if row.get("licensed_capacity") not in (None, ""):
            cap = _parse(plan, number, "licensed_capacity", reading.number, row["licensed_capacity"])
            fields["licensed_capacity"] = int(cap) if cap is not None else None
        key = name.lower()
        program = seen_programs.get(key) or programs.get(key)
        if key not in seen_programs:
            seen_programs[key] = program or Program(name=name, registered_in=collaborative)
            _plan_row(
                plan,
                seen_programs[key],
                fields,
                _("program %(name)s") % {"name": name},
                collab_services.program_save,
            )
        target = seen_programs[key]
        team_name = reading.text(row.get("team"))
        if team_name and key not in teamed:
            teamed.add(key)  # one team a program
            plan.created.append(_("team %(name)s") % {"name": team_name})
            plan.steps.append(
                lambda by, p=target, n=team_name: (
                    collab_services.team_create(collaborative=collaborative, program=p, name=n, by=by)
                    and None
                )
            )
        code = reading.text(row.get("classroom_code"))
        if code:
            _plan_classroom(plan, number, row, code, target, classrooms)


def _plan_classroom(
    plan: Plan,
    number: int,
    row: dict[str, Any],
    code: str,
    program: Program,
    classrooms: dict[str, Classroom],
) -> None:
    fields: dict[str, Any] = {"code": code, "name": reading.text(row.get("classroom")) or code}
    choices = {"age_group": Classroom.AgeGroup.choices, "participation": Classroom.Participation.choices}
    for key, options in choices.items():
        if row.get(key):
            fields[key] = _parse(plan, number, key, lambda v, o=options: reading.choice(v, o), row[key])
    if "age_group" not in fields and code.lower() not in classrooms:
        plan.problem(number, "age_group", _("A new classroom needs its age group."))
    if row.get("children_enrolled") not in (None, ""):
        n = _parse(plan, number, "children_enrolled", reading.number, row["children_enrolled"])
        fields["children_enrolled"] = int(n) if n is not None else None
    classroom = classrooms.get(code.lower())
    if classroom is not None and (program.pk is None or classroom.program_id != program.pk):
        plan.problem(number, "classroom_code", _("This code belongs to a classroom of another program."))
        return
    row_obj = classroom or Classroom()
    _plan_row(
        plan,
        row_obj,
        fields,
        _("classroom %(code)s") % {"code": code},
        lambda classroom, by: collab_services.classroom_save(classroom=classroom, by=by),
        program=program,
    )


def _plan_row(
    plan: Plan, obj: Any, fields: dict[str, Any], label: str, save: Any, program: Any = None
) -> None:
    if any(v is None and k in ("kind", "age_group", "participation") for k, v in fields.items()):
        return  # its cell's problem is already noted
    differs = {k: v for k, v in fields.items() if getattr(obj, k, None) != v}
    if obj.pk is not None and not differs:
        plan.unchanged.append(label)
        return
    (plan.changed if obj.pk else plan.created).append(label)

    def step(by: Any) -> None:
        fresh = type(obj).objects.get(pk=obj.pk) if obj.pk else obj
        for k, v in fields.items():
            setattr(fresh, k, v)
        if program is not None:
            fresh.program = program  # saved by an earlier step when it is new
        if isinstance(fresh, Program):
            save(program=fresh, by=by)
        else:
            save(fresh, by)

    plan.steps.append(step)


# --- people and memberships ---


def _plan_people(sheet: Sheet, plan: Plan, collaborative: Collaborative, base_url: str) -> None:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.utils import timezone

    teams = _teams(collaborative)
    members = {
        (m.user.email.lower(), m.role, m.team_id)
        for m in Membership.objects.active().filter(collaborative=collaborative).select_related("user")
    }
    pending = {
        (i.email.lower(), i.role, i.team_id)
        for i in Invitation.objects.filter(collaborative=collaborative).pending(timezone.now())
    }
    for number, row in sheet.rows:
        email = reading.text(row.get("email")).lower()
        try:
            validate_email(email)
        except ValidationError:
            plan.problem(number, "email", _("Expected an email address."))
            continue
        role = _parse(plan, number, "role", lambda v: reading.choice(v, Role.choices), row.get("role"))
        team = None
        if reading.text(row.get("team")):
            team = teams.get(reading.text(row.get("team")).lower())
            if team is None:
                plan.problem(number, "team", _("Expected the name of one of the collaborative's teams."))
                continue
        if role is None:
            continue
        if role in TEAM_ROLES and team is None:
            plan.problem(number, "team", _("A team role names its team."))
            continue
        if role not in TEAM_ROLES | {Role.FACULTY} and team is not None:
            plan.problem(
                number, "team", _("This role belongs to the whole collaborative: leave the team blank.")
            )
            continue
        language = reading.text(row.get("language")).lower()[:2] or "en"
        if language not in ("en", "es"):
            plan.problem(number, "language", _("Expected en or es."))
            continue
        key = (email, role, team.pk if team else None)
        label = f"{email} – {Role(role).label}" + (f" ({team})" if team else "")
        if key in members or key in pending:
            plan.unchanged.append(label)
            continue
        pending.add(key)
        plan.created.append(_("invitation for %(who)s") % {"who": label})
        plan.steps.append(
            lambda by, e=email, r=role, t=team, lang=language: (
                collab_services.invitation_create(
                    collaborative=collaborative,
                    email=e,
                    role=r,
                    team=t,
                    language=lang,
                    by=by,
                    base_url=base_url,
                )
                and None
            )
        )


# --- behavior incidents ---

INCIDENT_TEXT = ("motivation", "adult_response", "follow_up")


def _plan_incidents(sheet: Sheet, plan: Plan, collaborative: Collaborative) -> None:
    teams = _teams(collaborative)
    categories = list(DemographicCategory.objects.active().filter(collaborative=collaborative))
    existing = set(
        Incident.objects.active()
        .filter(team__collaborative=collaborative)
        .values_list("team_id", "child_code", "occurred_on", "occurred_at", "behavior", "activity")
    )
    for number, row in sheet.rows:
        before = len(plan.problems)
        team = teams.get(reading.text(row.get("team")).lower())
        if team is None:
            plan.problem(number, "team", _("Expected the name of one of the collaborative's teams."))
        child = reading.text(row.get("child_code"))
        if not child:
            plan.problem(number, "child_code", _("Expected the child's program code (never a name)."))
        day = _parse(plan, number, "date", reading.date, row.get("date"))
        if day is None and len(plan.problems) == before:
            plan.problem(number, "date", _("Expected the date of the incident."))
        at = _parse(plan, number, "time", reading.time, row.get("time"))
        fields = {k: reading.text(row.get(k)) for k in ("behavior", "activity", *INCIDENT_TEXT)}
        for k in ("behavior", "activity"):
            if not fields[k]:
                plan.problem(number, k, _("This cell is required."))
        outcome = "none"
        if row.get("outcome"):
            outcome = (
                _parse(
                    plan,
                    number,
                    "outcome",
                    lambda v: reading.choice(v, Incident.Outcome.choices),
                    row["outcome"],
                )
                or "none"
            )
        demographics = {}
        for c in categories:
            if row.get(c.code):
                options = [(o, o) for o in c.options]
                demographics[c.code] = _parse(
                    plan, number, c.code, lambda v, o=options: reading.choice(v, o), row[c.code]
                )
        if len(plan.problems) > before or team is None:
            continue
        if day and not collaborative.contains(day):
            plan.problem(number, "date", _("This date is outside the collaborative's dates."))
            continue
        key = (team.pk, child, day, at, fields["behavior"], fields["activity"])
        label = f"{team} – {child} – {day}"
        if key in existing:
            plan.unchanged.append(label)
            continue
        existing.add(key)
        plan.created.append(label)
        plan.steps.append(
            lambda by, t=team, c=child, d=day, a=at, f=fields, o=outcome, dem=demographics: (
                incident_services.incident_report(
                    by=by,
                    team=t,
                    demographics=dem,
                    child_code=c,
                    occurred_on=d,
                    occurred_at=a,
                    outcome=o,
                    **f,
                )
                and None
            )
        )


def template_columns(team: Team) -> list[tuple[Any, str, str]]:
    """The columns of a team's values template: (measure, field, column)."""
    return [(m, f, c) for m in measures_for_team(team) for f, c in value_columns(m).items()]
