"""What an import would do, worked out before anything is written: a Plan of rows to create, change or leave
alone, or the problems that refuse the file. Applying a plan runs its steps in one transaction.

This module holds the plan and the monthly values (a team's Excel template, or many teams in one file);
``kinds`` holds programs and classrooms, people, and behavior incidents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.imports import reading
from breakthrough.imports.reading import CellError, Problem, Sheet
from breakthrough.measures import services as measure_services
from breakthrough.measures.models import Measure, MeasureValue, MonthlyReport, validate_value


@dataclass
class Plan:
    file: str
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    steps: list[Callable[[Any], None]] = field(default_factory=list, repr=False)

    def problem(self, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, message))

    def summary(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "problems": [str(p) for p in self.problems],
            "notes": self.notes,
        }


def note_ignored(plan: Plan, sheet: Sheet) -> None:
    if sheet.ignored:
        plan.notes.append(
            _("Columns ignored (not part of this import): %(cols)s.") % {"cols": ", ".join(sheet.ignored)}
        )


# --- monthly values ---

FIELDS = ("numerator", "denominator", "value")


def value_columns(measure: Measure) -> dict[str, str]:
    """The columns a measure takes in a values file: field → column (the counted entry is not typed)."""
    version = measure.current_version
    fields = ("numerator", "denominator") if version and version.has_denominator else ("value",)
    counted = "numerator" if version and version.has_denominator else "value"
    return {
        f: f"{measure.code}.{f}" if len(fields) > 1 else measure.code
        for f in fields
        if not (measure.is_counted and f == counted)
    }


@dataclass
class Entry:
    team: Team
    month: dt.date
    row: int
    values: dict[Measure, dict[str, tuple[Decimal | None, str]]] = field(
        default_factory=dict
    )  # field → (v, col)


def plan_values(collaborative: Collaborative, entries: list[Entry], plan: Plan) -> None:
    """Compare each team-month's entries with its report; plan the drafts to save through the measures app."""
    periods = {p.month: p for p in collaborative.periods.all()}
    reports = {
        (r.team_id, r.period.month): r
        for r in MonthlyReport.objects.filter(team__collaborative=collaborative).select_related("period")
    }
    current: dict[tuple[int, int], MeasureValue] = {
        (v.report_id, v.measure_id): v
        for v in MeasureValue.objects.filter(report__team__collaborative=collaborative).select_related(
            "measure_version"
        )
    }
    for entry in entries:
        if not entry.values:
            continue  # a month left blank in the template: nothing to say about it
        where = f"{entry.team} – {date_format(entry.month, 'YEAR_MONTH_FORMAT')}"
        period = periods.get(entry.month)
        if period is None:
            plan.problem(entry.row, "month", _("This month is not a reporting month of the collaborative."))
            continue
        report = reports.get((entry.team.pk, entry.month))
        changes: dict[int, dict[str, Decimal | None]] = {}
        for measure, fields in entry.values.items():
            old = current.get((report.pk, measure.pk)) if report else None
            version = old.measure_version if old else measure.version_for(entry.month)
            if version is None:
                plan.problem(
                    entry.row,
                    next(iter(fields.values()))[1],
                    _("This measure has no definition in that month."),
                )
                continue
            merged = {f: getattr(old, f) if old else None for f in FIELDS}
            merged |= {f: v for f, (v, _col) in fields.items() if v is not None}
            if measure.is_counted:  # the platform's count, as the form fills it
                count = measure_services.count_for(measure=measure, team=entry.team, month=entry.month)
                merged["numerator" if version.has_denominator else "value"] = (
                    None if count is None else Decimal(count)
                )
            if old is not None and all(merged[f] == getattr(old, f) for f in FIELDS):
                continue
            errors = validate_value(version.unit, merged["numerator"], merged["denominator"], merged["value"])
            for name, message in errors.items():
                column = fields.get(name, next(iter(fields.values())))[1]
                plan.problem(entry.row, column, str(message))
            changes[measure.pk] = merged
        if not changes:
            plan.unchanged.append(where)
            continue
        if report is not None and not report.is_editable_by_team:
            plan.problem(
                entry.row,
                "month",
                _("This month's report is %(status)s; pull it back to a draft before importing into it.")
                % {"status": report.get_status_display().lower()},
            )
            continue
        (plan.changed if report else plan.created).append(
            _("%(where)s: %(n)s values") % {"where": where, "n": len(changes)}
        )
        plan.steps.append(_save_step(entry.team, period, changes))


def _save_step(
    team: Team, period: Any, changes: dict[int, dict[str, Decimal | None]]
) -> Callable[[Any], None]:
    def step(by: Any) -> None:
        report = measure_services.report_open(team=team, period=period, by=by)
        measure_services.report_save(report=report, by=by, entries=changes)

    return step


def read_entries(
    sheet: Sheet, plan: Plan, *, measures: list[Measure], teams: dict[str, Team], one_team: Team | None
) -> list[Entry]:
    """Rows of a values file as team-months: the template's wide rows or a long file's one value a row."""
    by_key: dict[tuple[int, dt.date], Entry] = {}
    wide = one_team is not None
    codes = {m.code.lower(): m for m in measures}
    for number, row in sheet.rows:
        try:
            month = reading.month(row.get("month"))
        except CellError as exc:
            plan.problem(number, "month", str(exc))
            continue
        if month is None:
            plan.problem(number, "month", _("Expected a month like 2026-03."))
            continue
        team = one_team or teams.get(reading.text(row.get("team")).lower())
        if team is None:
            plan.problem(number, "team", _("Expected the name of one of the collaborative's teams."))
            continue
        entry = by_key.setdefault((team.pk, month), Entry(team=team, month=month, row=number))
        if wide:
            for measure in measures:
                for name, column in value_columns(measure).items():
                    _cell(plan, entry, measure, name, column, row.get(column.lower()), number)
        else:
            measure = codes.get(reading.text(row.get("measure")).lower())
            if measure is None or measure.team_id not in (None, team.pk):
                plan.problem(number, "measure", _("Expected the code of one of the team's measures."))
                continue
            allowed = value_columns(measure)
            for name in FIELDS:
                value = row.get(name)
                if value in (None, ""):
                    continue
                if name not in allowed:
                    plan.problem(
                        number,
                        name,
                        _("Leave this blank: this measure takes %(cols)s.")
                        % {"cols": ", ".join(allowed) or _("nothing typed")},
                    )
                    continue
                _cell(plan, entry, measure, name, name, value, number)
    return list(by_key.values())


def _cell(plan: Plan, entry: Entry, measure: Measure, name: str, column: str, value: Any, row: int) -> None:
    try:
        parsed = reading.number(value)
    except CellError as exc:
        plan.problem(row, column, str(exc))
        return
    if parsed is not None:
        entry.values.setdefault(measure, {})[name] = (parsed, column)
