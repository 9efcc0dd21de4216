"""Children's social-emotional outcomes: the suppressed aggregates, a classroom's sheet, the CSV upload."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from breakthrough.collaboratives import access
from breakthrough.core.forms import errors_by_field
from breakthrough.fieldwork import services
from breakthrough.fieldwork.forms import CHILD_CODE_HELP_TEXT, TIME_POINTS, ChildSheetForm, ChildUploadForm
from breakthrough.fieldwork.models import ChildScore
from breakthrough.fieldwork.outcomes import outcome_table
from breakthrough.fieldwork.views._common import collaborative_for

SHEET_ROWS = 16


def _enters(user: Any, collaborative: Any) -> bool:
    return access.child_score_classrooms(user, collaborative).exists()


@login_required
def children(request: HttpRequest, slug: str) -> HttpResponse:
    collab = collaborative_for(request.user, slug, access.child_outcome_reach)
    rows, total = outcome_table(collab)
    rooms = access.child_score_classrooms(request.user, collab).select_related("program")
    counts: dict[tuple[int, str], int] = {}
    for room, point in (
        ChildScore.objects.active()
        .filter(collaborative=collab, classroom__in=rooms)
        .values_list("classroom_id", "time_point")
    ):
        counts[(room, point)] = counts.get((room, point), 0) + 1
    sheets = [
        {"room": r, "points": [(p, label, counts.get((r.pk, p), 0)) for p, label in TIME_POINTS.items()]}
        for r in rooms
    ]
    context = {
        "collaborative": collab,
        "rows": rows,
        "total": total,
        "threshold": collab.small_cell_threshold,
        "sheets": sheets,
    }
    return render(request, "fieldwork/children.html", context)


@login_required
def child_sheet(request: HttpRequest, slug: str, classroom: int, time_point: str) -> HttpResponse:
    collab = collaborative_for(request.user, slug, _enters)
    room = access.child_score_classrooms(request.user, collab).filter(pk=classroom).first()
    if room is None or time_point not in TIME_POINTS:
        raise Http404
    stored = list(
        ChildScore.objects.active()
        .filter(collaborative=collab, classroom=room, time_point=time_point)
        .order_by("child_code")
    )
    initial = {"assessed_on": stored[0].assessed_on, "instrument": stored[0].instrument} if stored else {}
    form = ChildSheetForm(request.POST or None, initial=initial)
    values = [{"child_code": s.child_code, "score": f"{s.score:g}"} for s in stored]
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        values = [
            {
                "child_code": request.POST.get(f"child_code-{i}", ""),
                "score": request.POST.get(f"score-{i}", ""),
            }
            for i in range(SHEET_ROWS)
        ]
        if form.is_valid():
            filled = [(i, v) for i, v in enumerate(values) if v["child_code"].strip() or v["score"].strip()]
            entries = [
                {
                    **v,
                    "classroom": room,
                    "time_point": time_point,
                    "assessed_on": form.cleaned_data["assessed_on"],
                }
                for _i, v in filled
            ]
            try:
                services.child_scores_save(
                    by=request.user,
                    collaborative=collab,
                    instrument=form.cleaned_data["instrument"],
                    entries=entries,
                    label=lambda k, name: f"{name}-{filled[k][0]}",
                )
            except ValidationError as exc:
                errors = errors_by_field(exc)
                for field in set(errors) & set(form.fields):
                    for message in errors.pop(field):
                        form.add_error(field, message)
            else:
                return redirect("fieldwork:children", slug=collab.slug)
        status = 400
    values += [{"child_code": "", "score": ""}] * (SHEET_ROWS - len(values))
    lines = [
        {
            "i": i,
            **v,
            "code_errors": errors.get(f"child_code-{i}", []),
            "score_errors": errors.get(f"score-{i}", []),
        }
        for i, v in enumerate(values[:SHEET_ROWS])
    ]
    context = {
        "collaborative": collab,
        "room": room,
        "time_point": TIME_POINTS[time_point],
        "form": form,
        "lines": lines,
        "form_errors": errors.get("__all__", []),
        "code_help": CHILD_CODE_HELP_TEXT,
    }
    return render(request, "fieldwork/child_sheet.html", context, status=status)


@login_required
def child_upload(request: HttpRequest, slug: str) -> HttpResponse:
    collab = collaborative_for(request.user, slug, _enters)
    rooms = list(access.child_score_classrooms(request.user, collab))
    form = ChildUploadForm(request.POST or None, request.FILES or None)
    saved = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = services.child_scores_import(
                        by=request.user,
                        collaborative=collab,
                        instrument=form.cleaned_data["instrument"],
                        data=form.text(),
                        classrooms=rooms,
                    )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                status = 200
    context = {
        "collaborative": collab,
        "form": form,
        "saved": saved,
        "rooms": rooms,
        "code_help": CHILD_CODE_HELP_TEXT,
    }
    return render(request, "fieldwork/child_upload.html", context, status=status)
