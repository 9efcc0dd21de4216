"""The monthly data form as an Excel workbook for one team: a row per month, a column per entry, the
definitions beside them, and data validation in the sheet (the months as a list, numbers as numbers)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from breakthrough.collaboratives.models import Team
from breakthrough.measures.models import Measure, MeasureValue

TEMPLATE_SHEET = "data"


def template_headers(team: Team) -> list[str]:
    from breakthrough.imports.kinds import template_columns

    return [column.lower() for _m, _f, column in template_columns(team)]


def team_template(team: Team) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from breakthrough.imports.kinds import template_columns

    columns = template_columns(team)
    months = team.collaborative.reporting_months()
    current = _current_values(team)
    book = Workbook()
    sheet = book.active
    sheet.title = TEMPLATE_SHEET
    sheet.append(["month", *[c for _m, _f, c in columns]])
    for cell, (measure, field, _c) in zip(sheet[1][1:], columns, strict=True):
        version = measure.current_version
        cell.comment = Comment(_describe(measure, version, field), "Breakthrough", width=320, height=160)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for month in months:
        sheet.append([month.strftime("%Y-%m"), *[current.get((month, m.pk, f)) for m, f, _c in columns]])
    lists = book.create_sheet("lists")
    for i, month in enumerate(months, start=1):
        lists.cell(row=i, column=1, value=month.strftime("%Y-%m"))
    lists.sheet_state = "hidden"
    last = len(months) + 1
    month_rule = DataValidation(type="list", formula1=f"=lists!$A$1:$A${len(months)}", allow_blank=False)
    month_rule.error = _("Choose one of the collaborative's months.")
    sheet.add_data_validation(month_rule)
    month_rule.add(f"A2:A{last}")
    for index, (measure, field, _c) in enumerate(columns, start=2):
        whole = (
            field == "value"
            and measure.current_version
            and measure.current_version.unit == Measure.Unit.COUNT
        )
        rule = DataValidation(
            type="whole" if whole else "decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
        )
        rule.error = _("Enter a number of zero or more.")
        sheet.add_data_validation(rule)
        letter = sheet.cell(row=1, column=index).column_letter
        rule.add(f"{letter}2:{letter}{last}")
        sheet.column_dimensions[letter].width = max(14, len(_c) + 2)
    _definitions(book, team, columns)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _describe(measure: Measure, version: Any, field: str) -> str:
    parts = [measure.name]
    if version is not None:
        parts.append(version.definition)
        if field == "numerator" and version.numerator_definition:
            parts.append(_("Numerator: %(d)s") % {"d": version.numerator_definition})
        if field == "denominator" and version.denominator_definition:
            parts.append(_("Denominator: %(d)s") % {"d": version.denominator_definition})
    return "\n".join(parts)


def _definitions(book: Any, team: Team, columns: list[Any]) -> None:
    sheet = book.create_sheet("measures")
    sheet.append(
        [
            _("column"),
            _("measure"),
            _("unit"),
            _("operational definition"),
            _("numerator"),
            _("denominator"),
            _("goal"),
        ]
    )
    for measure, _field, column in columns:
        v = measure.current_version
        sheet.append(
            [
                column,
                measure.name,
                v.get_unit_display() if v else "",
                v.definition if v else "",
                v.numerator_definition if v else "",
                v.denominator_definition if v else "",
                float(v.goal) if v and v.goal is not None else None,
            ]
        )
    about = book.create_sheet("about")
    about.append([_("team"), team.name])
    about.append([_("team number"), team.pk])
    about.append([_("collaborative"), team.collaborative.name])
    about.append(
        [
            _("How to use"),
            _(
                "Fill in the data sheet, one row per month (blank cells leave a value as it is), then upload "
                "the file on the team's import page. The values become drafts of the monthly reports; "
                "submit them there."
            ),
        ]
    )


def _current_values(team: Team) -> dict[tuple[Any, int, str], Any]:
    """The team's values already entered, so the template starts from what the form shows."""
    out = {}
    rows = MeasureValue.objects.filter(report__team=team).values_list(
        "report__period__month", "measure_id", "numerator", "denominator", "value"
    )
    for month, measure, num, den, value in rows:
        for field, number in (("numerator", num), ("denominator", den), ("value", value)):
            if number is not None:
                out[(month, measure, field)] = float(number)
    return out
