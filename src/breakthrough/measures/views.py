"""Monthly reports (list, the data reporting form, review queue) and the staff set-up of measures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import (
    OVERSIGHT,
    REVIEWERS,
    can_change,
    can_review,
    collaborative_ids_where,
    collaboratives_where,
    get_object_for_user,
    reach_of,
    roles_in,
)
from breakthrough.collaboratives.comments import comment_add, comments_on
from breakthrough.collaboratives.models import Collaborative, Period, Role, Team, month_start
from breakthrough.core.forms import add_service_errors, errors_by_field
from breakthrough.core.services import ConcurrentEdit
from breakthrough.measures.forms import (
    DefinitionForm,
    MeasureForm,
    ReviseForm,
    field_name,
    fields_of,
    read_entries,
)
from breakthrough.measures.models import Measure, MeasureValue, MonthlyReport, validate_value
from breakthrough.measures.services import (
    Entry,
    counted_field,
    measure_create,
    measure_revise,
    report_open,
    report_pull_back,
    report_review,
    report_save,
    report_submit,
)
from breakthrough.pdsa.models import PDSACycle

FIELD_LABELS = {
    "numerator": gettext_lazy("Numerator"),
    "denominator": gettext_lazy("Denominator"),
    "value": gettext_lazy("Value"),
}
NEW_CYCLE_DAYS = 30
NEW_CYCLE_LIMIT = 50  # the newest; a busy month would otherwise bury the reports above them


# --- the list of reports ---------------------------------------------------------------------------


def _month_state(report: MonthlyReport | None, period: Period, today: dt.date) -> dict[str, Any]:
    """Status of one team-month: its report, and whether it came in late or is missing."""
    submitted = report is not None and report.status != MonthlyReport.Status.DRAFT
    late = submitted and report is not None and report.is_late(today)
    missing = not submitted and today > period.due_date
    return {"period": period, "report": report, "late": late, "missing": missing}


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """A team member's months; for faculty, staff and evaluators, every team by month."""
    today = timezone.localdate()
    reach = reach_of(request.user)
    oversee = collaborative_ids_where(request.user, OVERSIGHT)
    if not (reach.teams or oversee):
        raise PermissionDenied
    own = []
    for team in Team.objects.active().filter(pk__in=reach.teams).select_related("collaborative"):
        periods = list(team.collaborative.periods.filter(month__lte=today).order_by("-month"))
        reports = {r.period_id: r for r in MonthlyReport.objects.filter(team=team)}
        current = next((p for p in periods if p.month == month_start(today)), None)
        own.append(
            {
                "team": team,
                "current": current,
                "months": [_month_state(reports.get(p.pk), p, today) for p in periods],
            }
        )
    grids = []
    for collab in Collaborative.objects.active().filter(pk__in=oversee):
        periods = list(collab.periods.filter(month__lte=today).order_by("month"))
        reports = {
            (r.team_id, r.period_id): r
            for r in MonthlyReport.objects.filter(team__collaborative=collab).select_related("period")
        }
        rows = [
            {"team": team, "cells": [_month_state(reports.get((team.pk, p.pk)), p, today) for p in periods]}
            for team in collab.teams.active()
        ]
        grids.append({"collaborative": collab, "periods": periods, "rows": rows})
    return render(request, "measures/report_list.html", {"own": own, "grids": grids, "today": today})


@login_required
def report_open_view(request: HttpRequest, team_id: int, period_id: int) -> HttpResponse:
    """A team's report for a month: GET goes to it, or offers to start it; only POST starts or updates it.

    Looking never writes: POST creates the draft on first open, and on later opens of a draft adds the
    measures added since and recounts the counted ones.
    """
    team = get_object_for_user(request.user, Team, team_id)
    period = get_object_or_404(Period, pk=period_id, collaborative_id=team.collaborative_id)
    report = MonthlyReport.objects.filter(team=team, period=period).first()
    may_write = can_change(request.user, team)
    if report is None and (not may_write or period.month > timezone.localdate()):
        raise Http404  # not started, and this person cannot start it
    if request.method != "POST":
        if report is not None:
            return redirect(report)
        return render(request, "measures/report_start.html", {"team": team, "period": period})
    if may_write and (report is None or report.status == MonthlyReport.Status.DRAFT):
        report = report_open(team=team, period=period, by=request.user)
    assert report is not None
    return redirect(report)


# --- the monthly data reporting form --------------------------------------------------------------


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _values(report: MonthlyReport) -> list[MeasureValue]:
    return list(
        report.values.select_related("measure", "measure_version").order_by("measure__order", "measure_id")
    )


def _row(value: MeasureValue, typed: dict[str, str] | None, errors: dict[str, Any]) -> dict[str, Any]:
    code = value.measure.code
    fields = []
    counted = counted_field(value)
    for name in fields_of(value):
        key = field_name(code, name)
        typed_here = typed is not None and name != counted
        text = typed.get(key, "") if typed_here else _number(getattr(value, name))  # type: ignore[union-attr]
        fields.append(
            {
                "name": key,
                "id": f"f-{code}-{name}",
                "label": FIELD_LABELS[name],
                "counts": _what_it_counts(value, name),
                "text": text,
                "errors": errors.get(key, []),
                "counted": name == counted,
            }
        )
    shown = {f["name"] for f in fields}
    other = [
        m for key, msgs in errors.items() if key.startswith(f"{code}.") and key not in shown for m in msgs
    ]
    plotted = value.plotted
    version = value.measure_version
    shown = None if plotted is None else _number(round(plotted * version.multiplier, 1))
    return {
        "value": value,
        "version": version,
        "fields": fields,
        "other_errors": other,
        "shown": shown,
        "counted": counted is not None,
        "count": None if counted is None or getattr(value, counted) is None else int(getattr(value, counted)),
    }


def _what_it_counts(value: MeasureValue, name: str) -> str:
    """What a field of the form counts, from the measure's definition in force that month."""
    version = value.measure_version
    if name == "numerator":
        return version.numerator_definition
    if name == "denominator":
        return version.denominator_definition
    return ""


def _error_summary(rows: list[dict[str, Any]], form_errors: list[Any], narrative: list[Any]) -> list[Any]:
    """Every error of the form, each with the field it belongs to, for the summary above the form."""
    found: list[dict[str, Any]] = [{"anchor": "", "label": "", "message": m} for m in form_errors]
    for row in rows:
        name = row["value"].measure.name
        for f in row["fields"]:
            label = f"{name} – {f['label']}"
            found += [{"anchor": f["id"], "label": label, "message": m} for m in f["errors"]]
        code = row["value"].measure.code
        found += [{"anchor": f"entry-{code}", "label": name, "message": m} for m in row["other_errors"]]
    label = _("What happened this month")
    return found + [{"anchor": "narrative", "label": label, "message": m} for m in narrative]


def _detail(
    request: HttpRequest,
    report: MonthlyReport,
    *,
    typed: dict[str, str] | None = None,
    errors: dict[str, Any] | None = None,
    narrative: str | None = None,
    revision: int | None = None,
    comment_text: str = "",
    comment_errors: list[str] | None = None,
    template: str = "measures/report_detail.html",
) -> HttpResponse:
    errors = errors or {}
    user = request.user
    editable = report.status == MonthlyReport.Status.DRAFT and can_change(user, report)
    rows = [_row(v, typed, errors) for v in _values(report)]
    context = {
        "report": report,
        "rows": rows,
        "error_summary": _error_summary(rows, errors.get("__all__", []), errors.get("narrative", [])),
        "narrative": report.narrative if narrative is None else narrative,
        "revision": report.revision if revision is None else revision,
        "editable": editable,
        "may_pull_back": report.status == MonthlyReport.Status.SUBMITTED and can_change(user, report),
        "may_review": report.status == MonthlyReport.Status.SUBMITTED and can_review(user, report),
        "late": report.is_late(timezone.localdate()),
        "comments": comments_on(report),
        "comment_text": comment_text,
        "comment_errors": comment_errors or [],
    }
    return render(request, template, context)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_for_user(request.user, MonthlyReport, pk)
    return _detail(request, report)


@login_required
@require_POST
def report_save_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft ("save"), or save and submit it ("submit"). Errors keep what was typed."""
    report = get_object_for_user(request.user, MonthlyReport, pk, write=True)
    values = _values(report)
    entries, typed, errors = read_entries(request.POST, values)
    narrative = request.POST.get("narrative", "")
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = None
    keep = {"typed": typed, "narrative": narrative, "revision": revision}
    if errors:  # unreadable numbers: still check everything else, so every error shows at once
        unreadable = {key.split(".", 1)[0] for key in errors}
        readable = {k: v for k, v in entries.items() if _code_of(values, k) not in unreadable}
        errors = _with_rule_errors(report, request.user, readable, errors)
        return _detail(request, report, errors=errors, **keep)
    submit = request.POST.get("action") == "submit"
    try:
        with transaction.atomic():
            report_save(
                report=report, by=request.user, entries=entries, narrative=narrative, revision=revision
            )
            if submit:
                report_submit(report=report, by=request.user)
    except ConcurrentEdit as exc:
        # The form now carries the newest revision: saving again is a deliberate choice to keep one's own.
        report.refresh_from_db()
        again = _("Saving again replaces their changes with what you see here.")
        keep["revision"] = report.revision
        return _detail(request, report, errors={"__all__": [*exc.messages, again]}, **keep)
    except ValidationError as exc:
        report.refresh_from_db()
        return _detail(request, report, errors=errors_by_field(exc), **keep)
    messages.success(request, _("Report submitted.") if submit else _("Draft saved."))
    return redirect(report)


def _code_of(values: list[MeasureValue], measure_id: int) -> str:
    return next((v.measure.code for v in values if v.measure_id == measure_id), "")


def _with_rule_errors(
    report: MonthlyReport, by: Any, entries: dict[int, Entry], errors: dict[str, Any]
) -> dict[str, Any]:
    """``errors`` and the measures' own rules on the entries that could be read, all written nowhere."""
    try:
        with transaction.atomic():
            report_save(report=report, by=by, entries=entries)
            transaction.set_rollback(True)
    except ConcurrentEdit:
        pass  # the save will say so once the numbers are readable
    except ValidationError as exc:
        for key, found in errors_by_field(exc).items():
            errors.setdefault(key, found)
    report.refresh_from_db()
    return errors


@login_required
@require_POST
def report_validate(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Check one row as it is typed (htmx): its messages, swapped out of band so typing is never undone."""
    report = get_object_for_user(request.user, MonthlyReport, pk, write=True)
    value = next((v for v in _values(report) if v.measure.code == code), None)
    if value is None:
        raise Http404
    entries, typed, errors = read_entries(request.POST, [value])
    entry = entries[value.measure_id]
    counted = counted_field(value)
    if counted:
        entry[counted] = getattr(value, counted)
    rule_errors = validate_value(
        value.measure_version.unit,
        entry.get("numerator"),
        entry.get("denominator"),
        entry.get("value"),
        counted=counted is not None,
    )
    for name, message in rule_errors.items():
        errors.setdefault(field_name(code, name), [str(message)])
    row = _row(value, typed, errors)
    return render(request, "measures/_row_errors.html", {"row": row})


@login_required
@require_POST
def report_pull_back_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_for_user(request.user, MonthlyReport, pk, write=True)
    try:
        report_pull_back(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The report is a draft again; submit it when it is ready."))
    return redirect(report)


@login_required
@require_POST
def report_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_for_user(request.user, MonthlyReport, pk)
    if not can_review(request.user, report):
        raise PermissionDenied
    try:
        report_review(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked reviewed."))
    return redirect(report)


@login_required
@require_POST
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add to the report's thread: htmx swaps the thread in place, a plain post comes back to the page."""
    report = get_object_for_user(request.user, MonthlyReport, pk)
    body = request.POST.get("body", "")
    htmx = request.headers.get("HX-Request") == "true"
    try:
        comment_add(target=report, by=request.user, body=body)
    except ValidationError as exc:
        errors = [m for msgs in errors_by_field(exc).values() for m in msgs]
        template = "measures/report_detail.html#thread" if htmx else "measures/report_detail.html"
        return _detail(request, report, comment_text=body, comment_errors=errors, template=template)
    if htmx:
        return _detail(request, report, template="measures/report_detail.html#thread")
    messages.success(request, _("Comment added."))
    return redirect(f"{report.get_absolute_url()}#comments")


# --- the review queue -------------------------------------------------------------------------------


def _cycle_link(cycle: PDSACycle) -> str | None:
    try:
        return reverse("pdsa:cycle-detail", args=[cycle.pk])
    except NoReverseMatch:  # the PDSA pages may not be installed yet
        return None


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """Submitted reports waiting for review, and PDSA cycles new or changed in the last 30 days."""
    user = request.user
    collabs = collaborative_ids_where(user, REVIEWERS)
    if not collabs:
        raise PermissionDenied
    mine = reach_of(user).teams_as({Role.FACULTY})
    reports = sorted(
        MonthlyReport.objects.active()
        .filter(team__collaborative_id__in=collabs, status=MonthlyReport.Status.SUBMITTED)
        .select_related("team", "period", "submitted_by"),
        key=lambda r: (r.team_id not in mine, r.submitted_at or timezone.now(), r.pk),
    )
    since = timezone.now() - dt.timedelta(days=NEW_CYCLE_DAYS)
    cycles = (
        PDSACycle.objects.active()
        .filter(ramp__team__collaborative_id__in=collabs, updated_at__gte=since)
        .select_related("ramp__team", "ramp__change_idea")
        .order_by("-updated_at")
    )
    today = timezone.localdate()
    total = cycles.count()
    cycles = cycles[:NEW_CYCLE_LIMIT]
    context = {
        "more_cycles": max(total - NEW_CYCLE_LIMIT, 0),
        "reports": [{"report": r, "mine": r.team_id in mine, "late": r.is_late(today)} for r in reports],
        "cycles": [
            {
                "cycle": c,
                "link": _cycle_link(c),
                "stage": PDSACycle.Stage(c.stage).label,
                "new": c.created_at >= since,
                "mine": c.ramp.team_id in mine,
            }
            for c in cycles
        ],
        "days": NEW_CYCLE_DAYS,
    }
    return render(request, "measures/review_queue.html", context)


# --- measures and their definitions -----------------------------------------------------------------


def _staff_collaboratives(user: Any) -> Any:
    return collaboratives_where(user, {Role.PROJECT_STAFF}).active()


def _is_staff_of(user: Any, collaborative: Collaborative) -> bool:
    return user.is_superuser or Role.PROJECT_STAFF in roles_in(user, collaborative)


@login_required
def measure_list(request: HttpRequest) -> HttpResponse:
    reach = reach_of(request.user)
    if not (request.user.is_superuser or reach.reference):
        raise PermissionDenied
    measures = (
        Measure.objects.active()
        .visible_to(request.user)
        .select_related("collaborative", "team")
        .prefetch_related("versions")
    )
    context = {"measures": measures, "may_create": _staff_collaboratives(request.user).exists()}
    return render(request, "measures/measure_list.html", context)


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_for_user(request.user, Measure, pk)
    context = {
        "measure": measure,
        "versions": measure.versions.order_by("-number"),
        "may_revise": _is_staff_of(request.user, measure.collaborative),
    }
    return render(request, "measures/measure_detail.html", context)


@login_required
def measure_create_view(request: HttpRequest) -> HttpResponse:
    collaboratives = _staff_collaboratives(request.user)
    if not collaboratives.exists():
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = MeasureForm(data, collaboratives=collaboratives)
    definition = DefinitionForm(data)
    if data is not None and form.is_valid() and definition.is_valid():
        fields = dict(form.cleaned_data)
        effective_from = fields.pop("effective_from")
        try:
            measure = measure_create(
                by=request.user,
                effective_from=effective_from,
                definition=definition.definition_fields(),
                **fields,
            )
        except ValidationError as exc:
            add_service_errors(exc, form, definition)
        else:
            messages.success(request, _("Measure created."))
            return redirect("measures:measure-detail", pk=measure.pk)
    return render(request, "measures/measure_form.html", {"form": form, "definition": definition})


@login_required
def measure_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_for_user(request.user, Measure, pk)
    if not _is_staff_of(request.user, measure.collaborative):
        raise PermissionDenied
    current = measure.current_version
    initial = {name: getattr(current, name) for name in DefinitionForm.base_fields} if current else {}
    if current is not None:
        initial["effective_from"] = max(month_start(timezone.localdate()), current.effective_from)
    form = ReviseForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            measure_revise(
                measure=measure,
                by=request.user,
                effective_from=form.cleaned_data["effective_from"],
                change_reason=form.cleaned_data["change_reason_en"],
                change_reason_es=form.cleaned_data["change_reason_es"],
                **form.definition_fields(),
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("A new version of the definition was saved."))
            return redirect("measures:measure-detail", pk=measure.pk)
    context = {"measure": measure, "form": form, "versions": measure.versions.order_by("-number")}
    return render(request, "measures/measure_revise.html", context)
