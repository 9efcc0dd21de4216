"""The improvement work's tables: measures, monthly values, reports, PDSA cycles, attendance, assessments."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from breakthrough.assessments.models import Assessment
from breakthrough.collaboratives.models import TEAM_ROLES, Membership, Role
from breakthrough.core.models import User
from breakthrough.events.models import Attendance, Event
from breakthrough.exports.columns import CHUNK, Column, Context, Rows, Table, col
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport
from breakthrough.pdsa.models import PDSACycle


def team_columns() -> list[Column]:
    return [
        Column("team_id", _("team number"), "integer", source="collaboratives.Team.id"),
        Column("team", _("team"), source="collaboratives.Team.name"),
    ]


def person_columns(prefix: str, label: Any) -> list[Column]:
    """A person as their study code; their name and email only in an identified export."""
    return [
        Column(prefix, label, source="study.services.study_code_of"),
        Column(f"{prefix}_name", _("name"), identified=True, source="core.User.first_name, last_name"),
        Column(f"{prefix}_email", _("email"), identified=True, source="core.User.email"),
    ]


def person_values(ctx: Context, prefix: str, user_id: int | None, names: dict[int, tuple[str, str]]) -> dict:
    row = {prefix: ctx.person(user_id)}
    if ctx.identified and user_id is not None:
        name, email = names.get(user_id, ("", ""))
        row |= {f"{prefix}_name": name, f"{prefix}_email": email}
    return row


def people_of(ctx: Context) -> dict[int, tuple[str, str]]:
    """Names and emails of the collaborative's people, read only for an identified export."""
    if not ctx.identified:
        return {}
    users = User.objects.filter(memberships__collaborative=ctx.collaborative).distinct()
    return {
        u.pk: (u.get_full_name() or u.username, u.email)
        for u in users.only("first_name", "last_name", "username", "email").iterator(chunk_size=CHUNK)
    }


def measure_codes(ctx: Context) -> dict[str, str]:
    return dict(Measure.objects.filter(collaborative=ctx.collaborative).values_list("code", "name"))


def measure_definitions(ctx: Context) -> str:
    versions = MeasureVersion.objects.filter(measure__collaborative=ctx.collaborative).select_related(
        "measure"
    )
    return " | ".join(
        f"{v.measure.code} v{v.number}: {v.definition}" for v in versions.order_by("measure__order")
    )


# --- measures ---


def _measure_columns(ctx: Context) -> list[Column]:
    return [
        col(Measure, "code", values=measure_codes(ctx)),
        col(Measure, "name"),
        col(Measure, "kind"),
        col(Measure, "better"),
        col(Measure, "requirement"),
        col(Measure, "numerator_source"),
        Column("team_id", _("defined by team"), "integer", source="measures.Measure.team"),
        col(MeasureVersion, "number", as_name="version"),
        col(MeasureVersion, "effective_from"),
        col(MeasureVersion, "unit"),
        col(MeasureVersion, "multiplier"),
        col(MeasureVersion, "goal"),
        col(MeasureVersion, "definition"),
        col(MeasureVersion, "numerator_definition"),
        col(MeasureVersion, "denominator_definition"),
        col(MeasureVersion, "change_reason"),
    ]


def _measures(ctx: Context) -> Any:
    return MeasureVersion.objects.active().filter(measure__collaborative=ctx.collaborative)


def _measure_rows(ctx: Context) -> Rows:
    for v in _measures(ctx).select_related("measure").order_by("measure__order", "measure_id", "number"):
        m = v.measure
        yield {
            "code": m.code,
            "name": m.name,
            "kind": m.kind,
            "better": m.better,
            "requirement": m.requirement,
            "numerator_source": m.numerator_source,
            "team_id": m.team_id,
            "version": v.number,
            "effective_from": v.effective_from,
            "unit": v.unit,
            "multiplier": v.multiplier,
            "goal": v.goal,
            "definition": v.definition,
            "numerator_definition": v.numerator_definition,
            "denominator_definition": v.denominator_definition,
            "change_reason": v.change_reason,
        }


MEASURES = Table(
    name="measures",
    label=_("Measures and their versioned operational definitions"),
    group="reference",
    columns=_measure_columns,
    rows=_measure_rows,
    count=lambda ctx: _measures(ctx).count(),
)


# --- monthly values ---


def _value_columns(ctx: Context) -> list[Column]:
    return [
        Column("value_id", _("value number"), "integer", source="measures.MeasureValue.id"),
        *team_columns(),
        Column("month", _("month"), "date", source="collaboratives.Period.month", definition="first day"),
        Column(
            "measure",
            _("measure"),
            values=measure_codes(ctx),
            source="measures.Measure.code",
            definition=measure_definitions(ctx),
        ),
        Column("version", _("measure version"), "integer", source="measures.MeasureVersion.number"),
        col(MeasureVersion, "unit"),
        col(MeasureValue, "numerator"),
        col(MeasureValue, "denominator"),
        col(MeasureValue, "value"),
        Column(
            "result",
            _("value as charted"),
            "number",
            source="numerator / denominator × multiplier, or value",
            definition="percent and rate measures: numerator / denominator × the version's multiplier",
        ),
        col(MonthlyReport, "status", as_name="report_status"),
        col(MeasureValue, "note", free_text=True),
    ]


def _values(ctx: Context) -> Any:
    return MeasureValue.objects.active().filter(report__team__collaborative=ctx.collaborative)


def _value_rows(ctx: Context) -> Rows:
    fields = (
        "pk",
        "report__team_id",
        "report__team__name",
        "report__period__month",
        "measure__code",
        "measure_version__number",
        "measure_version__unit",
        "measure_version__multiplier",
        "numerator",
        "denominator",
        "value",
        "report__status",
        "note",
    )
    rows = _values(ctx).order_by("report__team_id", "report__period__month", "measure__order", "pk")
    for pk, team, name, month, code, number, unit, mult, num, den, value, status, note in rows.values_list(
        *fields
    ).iterator(chunk_size=CHUNK):
        if unit in (Measure.Unit.PERCENT, Measure.Unit.RATE):
            result = num / den * mult if num is not None and den else None
        else:
            result = value
        yield {
            "value_id": pk,
            "team_id": team,
            "team": name,
            "month": month,
            "measure": code,
            "version": number,
            "unit": unit,
            "numerator": num,
            "denominator": den,
            "value": value,
            "result": result,
            "report_status": status,
            "note": note,
        }


VALUES = Table(
    name="monthly_values",
    label=_("Monthly values: team × measure × month, with the measure version"),
    group="improvement",
    columns=_value_columns,
    rows=_value_rows,
    count=lambda ctx: _values(ctx).count(),
)


# --- reports ---


def _report_columns(ctx: Context) -> list[Column]:
    return [
        Column("report_id", _("report number"), "integer", source="measures.MonthlyReport.id"),
        *team_columns(),
        Column("month", _("month"), "date", source="collaboratives.Period.month"),
        Column("due_date", _("report due"), "date", source="collaboratives.Period.due_date"),
        col(MonthlyReport, "status"),
        col(MonthlyReport, "submitted_at"),
        *person_columns("submitted_by", _("submitted by")),
        col(MonthlyReport, "reviewed_at"),
        *person_columns("reviewed_by", _("reviewed by")),
        Column(
            "late", _("late"), "boolean", values={0: _("No"), 1: _("Yes")}, source="MonthlyReport.is_late"
        ),
        Column("days_late", _("days late"), "integer", unit="days", source="submitted (or today) − due"),
        col(MonthlyReport, "narrative", free_text=True),
    ]


def _reports(ctx: Context) -> Any:
    return MonthlyReport.objects.active().filter(team__collaborative=ctx.collaborative)


def _report_rows(ctx: Context) -> Rows:
    names, today = people_of(ctx), timezone.localdate()
    reports = _reports(ctx).select_related("team", "period").order_by("team_id", "period__month")
    for r in reports.iterator(chunk_size=CHUNK):
        late = r.is_late(today)
        day = timezone.localtime(r.submitted_at).date() if r.submitted_at else today
        yield {
            "report_id": r.pk,
            "team_id": r.team_id,
            "team": r.team.name,
            "month": r.period.month,
            "due_date": r.period.due_date,
            "status": r.status,
            "submitted_at": r.submitted_at,
            **person_values(ctx, "submitted_by", r.submitted_by_id, names),
            "reviewed_at": r.reviewed_at,
            **person_values(ctx, "reviewed_by", r.reviewed_by_id, names),
            "late": late,
            "days_late": (day - r.period.due_date).days if late else 0,
            "narrative": r.narrative,
        }


REPORTS = Table(
    name="reports",
    label=_("Monthly reports: status, dates and lateness"),
    group="improvement",
    columns=_report_columns,
    rows=_report_rows,
    count=lambda ctx: _reports(ctx).count(),
)


# --- PDSA cycles ---

CYCLE_TEXT = ("objective", "prediction", "do_observations", "study_results", "study_learning", "next_step")


def _cycle_columns(ctx: Context) -> list[Column]:
    return [
        Column("cycle_id", _("cycle number in the platform"), "integer", source="pdsa.PDSACycle.id"),
        *team_columns(),
        Column("ramp_id", _("ramp"), "integer", source="pdsa.Ramp.id"),
        Column("ramp", _("ramp title"), source="pdsa.Ramp.title", free_text=True),
        Column("change_idea", _("change idea"), source="framework.ChangeIdea.name"),
        Column("secondary_driver", _("secondary driver"), source="framework.SecondaryDriver.name"),
        Column("primary_driver", _("primary driver"), source="framework.PrimaryDriver.name"),
        col(PDSACycle, "number"),
        Column("stage", _("stage"), values=dict(PDSACycle.Stage.choices), source="PDSACycle.stage"),
        col(PDSACycle, "planned_start"),
        col(PDSACycle, "planned_end"),
        col(PDSACycle, "done_on"),
        col(PDSACycle, "decision"),
        col(PDSACycle, "acted_on"),
        col(PDSACycle, "is_shared"),
        *person_columns("created_by", _("logged by")),
        *(col(PDSACycle, name, free_text=True) for name in CYCLE_TEXT),
    ]


def _cycles(ctx: Context) -> Any:
    return PDSACycle.objects.active().filter(ramp__team__collaborative=ctx.collaborative)


def _cycle_rows(ctx: Context) -> Rows:
    names = people_of(ctx)
    cycles = (
        _cycles(ctx)
        .select_related("ramp__team", "ramp__change_idea__secondary__primary")
        .order_by("ramp__team_id", "ramp_id", "number")
    )
    for c in cycles.iterator(chunk_size=CHUNK):
        idea = c.ramp.change_idea
        yield {
            "cycle_id": c.pk,
            "team_id": c.ramp.team_id,
            "team": c.ramp.team.name,
            "ramp_id": c.ramp_id,
            "ramp": c.ramp.title,
            "change_idea": idea.name,
            "secondary_driver": idea.secondary.name,
            "primary_driver": idea.secondary.primary.name,
            "number": c.number,
            "stage": c.stage,
            "planned_start": c.planned_start,
            "planned_end": c.planned_end,
            "done_on": c.done_on,
            "decision": c.decision,
            "acted_on": c.acted_on,
            "is_shared": c.is_shared,
            **person_values(ctx, "created_by", c.created_by_id, names),
            **{name: getattr(c, name) for name in CYCLE_TEXT},
        }


CYCLES = Table(
    name="pdsa_cycles",
    label=_("PDSA cycles with their driver, change idea, ramp and decision"),
    group="improvement",
    columns=_cycle_columns,
    rows=_cycle_rows,
    count=lambda ctx: _cycles(ctx).count(),
)


# --- attendance ---

ROLE_ORDER = [r for r in Role.values if r in TEAM_ROLES] + [r for r in Role.values if r not in TEAM_ROLES]


def _attendance_columns(ctx: Context) -> list[Column]:
    return [
        Column("event_id", _("event number"), "integer", source="events.Event.id"),
        col(Event, "kind", as_name="event_kind"),
        col(Event, "title", as_name="event_title"),
        col(Event, "starts_at", as_name="event_starts_at", shift=True),
        col(Event, "role_group"),
        Column("event_team_id", _("team number"), "integer", source="events.Event.team"),
        *person_columns("person", _("person")),
        Column(
            "person_role",
            _("role"),
            values=dict(Role.choices),
            source="collaboratives.Membership.role",
            definition="the person's first role in the collaborative, team roles first",
        ),
        col(Attendance, "status"),
    ]


def _attendance(ctx: Context) -> Any:
    return Attendance.objects.active().filter(event__collaborative=ctx.collaborative)


def _attendance_rows(ctx: Context) -> Rows:
    names = people_of(ctx)
    roles: dict[int, str] = {}
    for user_id, role in (
        Membership.objects.active().filter(collaborative=ctx.collaborative).values_list("user_id", "role")
    ):
        if user_id not in roles or ROLE_ORDER.index(role) < ROLE_ORDER.index(roles[user_id]):
            roles[user_id] = role
    fields = (
        "event_id",
        "event__kind",
        "event__title",
        "event__starts_at",
        "event__role_group",
        "event__team_id",
        "user_id",
        "status",
    )
    rows = _attendance(ctx).order_by("event__starts_at", "event_id", "user_id").values_list(*fields)
    for event, kind, title, starts, group, team, user_id, status in rows.iterator(chunk_size=CHUNK):
        yield {
            "event_id": event,
            "event_kind": kind,
            "event_title": title,
            "event_starts_at": starts,
            "role_group": group,
            "event_team_id": team,
            **person_values(ctx, "person", user_id, names),
            "person_role": roles.get(user_id, ""),
            "status": status,
            "_respondent": user_id,
        }


ATTENDANCE = Table(
    name="attendance",
    label=_("Attendance: event × person, with the person's role"),
    group="improvement",
    columns=_attendance_columns,
    rows=_attendance_rows,
    count=lambda ctx: _attendance(ctx).count(),
    respondent="_respondent",
)


# --- assessments ---


def _assessment_columns(ctx: Context) -> list[Column]:
    return [
        Column("assessment_id", _("assessment number"), "integer", source="assessments.Assessment.id"),
        *team_columns(),
        Column("month", _("month"), "date", source="collaboratives.Period.month"),
        col(Assessment, "source"),
        col(Assessment, "score", unit="1.0–5.0 in steps of 0.5"),
        *person_columns("rated_by", _("rated by")),
        col(Assessment, "reason", free_text=True),
    ]


def _assessments(ctx: Context) -> Any:
    return Assessment.objects.active().filter(team__collaborative=ctx.collaborative)


def _assessment_rows(ctx: Context) -> Rows:
    names = people_of(ctx)
    fields = ("pk", "team_id", "team__name", "period__month", "source", "score", "rated_by_id", "reason")
    rows = _assessments(ctx).order_by("team_id", "period__month", "source").values_list(*fields)
    for pk, team, name, month, source, score, by, reason in rows.iterator(chunk_size=CHUNK):
        yield {
            "assessment_id": pk,
            "team_id": team,
            "team": name,
            "month": month,
            "source": source,
            "score": score,
            **person_values(ctx, "rated_by", by, names),
            "reason": reason,
        }


ASSESSMENTS = Table(
    name="assessments",
    label=_("Assessments: faculty ratings and team self-ratings by month"),
    group="improvement",
    columns=_assessment_columns,
    rows=_assessment_rows,
    count=lambda ctx: _assessments(ctx).count(),
)
