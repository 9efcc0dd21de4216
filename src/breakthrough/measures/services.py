"""Writes on measures and monthly reports: versioned definitions, draft → submitted → reviewed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Period, Team
from breakthrough.core.audit import audit_record
from breakthrough.core.models import AuditRecord, snapshot
from breakthrough.core.services import check_revision, save_audited
from breakthrough.core.translated import values_in_every_language
from breakthrough.incidents.models import Incident
from breakthrough.measures.models import Measure, MeasureValue, MeasureVersion, MonthlyReport

DEFINITION_FIELDS = (
    "definition",
    "numerator_definition",
    "denominator_definition",
    "unit",
    "multiplier",
    "goal",
)


@transaction.atomic
def measure_create(*, by: Any, effective_from: dt.date, definition: dict[str, Any], **fields: Any) -> Measure:
    measure = save_audited(obj=Measure(**fields), by=by)
    save_audited(
        obj=MeasureVersion(measure=measure, number=1, effective_from=effective_from, **definition), by=by
    )
    return measure


@transaction.atomic
def measure_revise(
    *,
    measure: Measure,
    by: Any,
    effective_from: dt.date,
    change_reason: str,
    change_reason_es: str = "",
    **definition: Any,
) -> MeasureVersion:
    """A changed definition is a new version from a month on; values already entered keep theirs.
    Its texts come in each language (``definition_en``, ``definition_es`` …); a plain ``definition`` (and
    ``change_reason``) is the English one, and what is not given is kept from the current version."""
    current = measure.current_version
    if current is None:
        raise ValidationError({"definition": _("This measure has no definition yet.")})
    if effective_from < current.effective_from:
        raise ValidationError(
            {"effective_from": _("A new version cannot take effect before the current one.")}
        )
    columns = list(values_in_every_language(current, list(DEFINITION_FIELDS)))
    definition = {
        (f"{name}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}" if name not in columns else name): value
        for name, value in definition.items()
    }
    unknown = definition.keys() - set(columns)
    if unknown:
        raise ValidationError({name: _("This is not part of a measure's definition.") for name in unknown})
    fields = {name: getattr(current, name) for name in columns} | definition
    if all(fields[name] == getattr(current, name) for name in columns):
        raise ValidationError({"definition": _("Nothing in the definition changed.")})
    version = MeasureVersion(
        measure=measure,
        number=current.number + 1,
        effective_from=effective_from,
        change_reason_en=change_reason,
        change_reason_es=change_reason_es,
        **fields,
    )
    return save_audited(obj=version, by=by)


def counted_field(value: MeasureValue) -> str | None:
    """Which entry of a counted measure the platform fills: the numerator, or a single value's value."""
    if not value.measure.is_counted:
        return None
    return "numerator" if value.measure_version.has_denominator else "value"


def count_for(*, measure: Measure, team: Team, month: dt.date) -> int | None:
    """What the platform counts for a counted measure in a team's month (None for an entered one)."""
    if measure.numerator_source == Measure.NumeratorSource.INCIDENT_REPORTS:
        following = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return (
            Incident.objects.active()
            .filter(team=team, occurred_on__gte=month.replace(day=1), occurred_on__lt=following)
            .count()
        )
    return None


def _fill_counts(report: MonthlyReport, values: Any) -> list[MeasureValue]:
    """Set every counted entry of a report to the platform's count; returns the values that changed."""
    changed = []
    for value in values:
        name = counted_field(value)
        if name is None:
            continue
        count = count_for(measure=value.measure, team=report.team, month=report.period.month)
        number = None if count is None else Decimal(count)
        if getattr(value, name) != number:
            setattr(value, name, number)
            changed.append(value)
    return changed


def refresh_counts(*, report: MonthlyReport, by: Any) -> list[MeasureValue]:
    """Recount a draft's counted measures (on open, save and submit); values keep their audit trail."""
    if report.status != MonthlyReport.Status.DRAFT:
        return []
    values = list(report.values.select_related("measure", "measure_version"))
    before = {v.pk: snapshot(v) for v in values}
    changed = _fill_counts(report, values)
    for value in changed:
        # No full_clean: a counted numerator may wait for the team's denominator; the form checks both.
        value.save()
        audit_record(obj=value, by=by, action=AuditRecord.Action.UPDATE, before=before[value.pk])
    return changed


def measures_for_team(team: Team) -> list[Measure]:
    return [
        m
        for m in team.collaborative.measures.active().prefetch_related("versions")
        if m.team_id in (None, team.pk)
    ]


@transaction.atomic
def report_open(*, team: Team, period: Period, by: Any) -> MonthlyReport:
    """The team's report for a month, created (as a draft with blank values) on first open."""
    report, created = MonthlyReport.objects.get_or_create(team=team, period=period)
    if created:
        audit_record(obj=report, by=by, action=AuditRecord.Action.CREATE)
    have = set(report.values.values_list("measure_id", flat=True))
    for measure in measures_for_team(team):
        version = measure.version_for(period.month)
        if measure.pk not in have and version is not None:
            MeasureValue.objects.create(report=report, measure=measure, measure_version=version)
    refresh_counts(report=report, by=by)
    return report


Entry = dict[str, Decimal | None]


@transaction.atomic
def report_save(
    *,
    report: MonthlyReport,
    by: Any,
    entries: dict[int, Entry],
    narrative: str | None = None,
    revision: int | None = None,
) -> MonthlyReport:
    """Save the form as a draft. ``entries`` maps measure id → numerator/denominator/value.

    Every error is collected (keyed ``"<measure code>.<field>"``) and nothing is written if any.
    """
    check_revision(report, revision)
    if not report.is_editable_by_team:
        raise ValidationError(_("This report has been submitted; pull it back to change it."))
    values = {v.measure_id: v for v in report.values.select_related("measure", "measure_version")}
    errors: dict[str, Any] = {}
    changed = []
    for measure_id, entry in entries.items():
        value = values.get(measure_id)
        if value is None:
            errors[f"measure-{measure_id}"] = _("This measure is not on this report.")
            continue
        for name in ("numerator", "denominator", "value"):
            setattr(value, name, entry.get(name))
        _fill_counts(report, [value])  # a counted entry is never typed: whatever came in is recounted
        try:
            value.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"{value.measure.code}.{field}"] = messages
        changed.append(value)
    if errors:
        raise ValidationError(errors)
    for value in changed:
        save_audited(obj=value, by=by)
    if narrative is not None:
        report.narrative = narrative
    return save_audited(obj=report, by=by)


@transaction.atomic
def report_submit(*, report: MonthlyReport, by: Any, revision: int | None = None) -> MonthlyReport:
    check_revision(report, revision)
    if report.status != MonthlyReport.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    for value in refresh_counts(report=report, by=by):
        value.full_clean()
    report.status = MonthlyReport.Status.SUBMITTED
    report.submitted_by = by
    report.submitted_at = timezone.now()
    return save_audited(obj=report, by=by, action=AuditRecord.Action.SUBMIT)


@transaction.atomic
def report_pull_back(*, report: MonthlyReport, by: Any) -> MonthlyReport:
    """A submitted report goes back to draft, until faculty have reviewed it."""
    if report.status != MonthlyReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report that is not yet reviewed can be pulled back."))
    report.status = MonthlyReport.Status.DRAFT
    return save_audited(obj=report, by=by, action=AuditRecord.Action.PULL_BACK)


@transaction.atomic
def report_review(*, report: MonthlyReport, by: Any) -> MonthlyReport:
    if report.status != MonthlyReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be marked reviewed."))
    report.status = MonthlyReport.Status.REVIEWED
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    return save_audited(obj=report, by=by, action=AuditRecord.Action.REVIEW)
