"""Interviews and focus groups: notes, the code book, coded excerpts and their export by code."""

from __future__ import annotations

import io
import itertools
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from breakthrough.collaboratives.access import get_object_for_user
from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.forms import add_service_errors, errors_by_field
from breakthrough.core.numbers import parse_id
from breakthrough.core.spreadsheets import csv_writer
from breakthrough.study import services
from breakthrough.study.forms import CodeForm, InterviewForm
from breakthrough.study.models import Code, Excerpt, Interview
from breakthrough.study.views._common import study_or_403


@login_required
def interview_list(request: HttpRequest) -> HttpResponse:
    ids = study_or_403(request.user)
    collab = Collaborative.objects.filter(pk__in=ids).first()
    form = InterviewForm(request.POST or None)
    code_form = CodeForm(request.POST or None, prefix="code", collaborative=collab)
    if request.method == "POST":
        if "code-name" in request.POST:
            form = InterviewForm()
            if code_form.is_valid():
                try:
                    services.code_create(by=request.user, collaborative=collab, **code_form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(exc, code_form)
                else:
                    return redirect("study:interview-list")
        else:
            code_form = CodeForm(prefix="code", collaborative=collab)
            if form.is_valid():
                interview = services.interview_create(
                    by=request.user, collaborative=collab, **form.cleaned_data
                )
                return redirect("study:interview-detail", pk=interview.pk)
    context = {
        "interviews": Interview.objects.active().of_collaboratives(ids),
        "codes": Code.objects.active().of_collaboratives(ids),
        "form": form,
        "code_form": code_form,
    }
    return render(request, "study/interview_list.html", context)


@login_required
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_for_user(request.user, Interview, pk)
    codes = Code.objects.active().filter(collaborative=interview.collaborative)
    errors: dict[str, list[str]] = {}
    typed = {"text": "", "codes": []}
    if request.method == "POST":
        get_object_for_user(request.user, Interview, pk, write=True)
        typed = {"text": request.POST.get("text", ""), "codes": request.POST.getlist("codes")}
        chosen = list(codes.filter(pk__in=[i for i in map(parse_id, typed["codes"]) if i is not None]))
        # Set by selecting the passage (static/js/interview-coding.js); absent when it was pasted.
        raw = request.POST.get("start", "").strip()
        start = (int(raw) if raw.isdigit() and len(raw) < 10 else -1) if raw else None
        try:
            services.excerpt_add(
                by=request.user, interview=interview, text=typed["text"], codes=chosen, start=start
            )
        except ValidationError as exc:
            errors = errors_by_field(exc)
        else:
            return redirect("study:interview-detail", pk=interview.pk)
    excerpts = list(interview.excerpts.active().prefetch_related("codes"))
    context = {
        "interview": interview,
        "codes": codes,
        "excerpts": excerpts,
        "transcript": transcript_segments(interview.text, excerpts),
        "errors": errors,
        "typed": typed,
    }
    return render(request, "study/interview_detail.html", context, status=400 if errors else 200)


@login_required
def excerpts_export(request: HttpRequest) -> HttpResponse:
    ids = study_or_403(request.user)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["code", "mechanism", "interview", "informant", "date", "excerpt"])
    rows = (
        Excerpt.objects.active()
        .filter(interview__collaborative_id__in=ids)
        .select_related("interview")
        .prefetch_related("codes")
    )
    lines = []
    for excerpt in rows:
        for code in excerpt.codes.all():
            i = excerpt.interview
            lines.append(
                [
                    code.name,
                    code.get_mechanism_display(),
                    i.label,
                    i.get_informant_display(),
                    i.held_on,
                    excerpt.text,
                ]
            )
    writer.writerows(sorted(lines, key=lambda r: (r[0], str(r[4]))))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="excerpts_by_code.csv"'
    return response


def transcript_segments(text: str, excerpts: list[Excerpt]) -> list[dict[str, Any]]:
    """The interview's text in pieces, each either plain or inside coded excerpts (with their codes), so the
    page can mark what has been coded. Overlapping excerpts split the text at every boundary."""
    spans = [(span, e) for e in excerpts if (span := e.span()) is not None]
    cuts = sorted({0, len(text), *(i for span, _e in spans for i in span)})
    pieces = []
    for a, b in itertools.pairwise(cuts):
        inside = [e for (s, t), e in spans if s <= a and b <= t]
        names = sorted({c.name for e in inside for c in e.codes.all()})
        pieces.append({"text": text[a:b], "start": a, "codes": names})
    return pieces
