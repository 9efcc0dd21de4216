"""The study's answers: the theory-of-change page, a program's case profile, the report and its deck.

Who reads what is ``access.feasibility_reach``: the study team in full, viewers aggregated (small cells
suppressed, no team's rows, no program's page), everyone else 403 (observers stay blind).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from breakthrough.collaboratives.access import STUDY_AGGREGATES, collaboratives_where, feasibility_reach
from breakthrough.collaboratives.models import Collaborative, Program
from breakthrough.dashboards import rendering
from breakthrough.feasibility import cases, report, report_runs, toc


def reach_or_403(request: HttpRequest, slug: str) -> tuple[Collaborative, str]:
    collaborative = get_object_or_404(Collaborative.objects.active(), slug=slug)
    reach = feasibility_reach(request.user, collaborative)
    if reach is None:
        raise PermissionDenied
    return collaborative, reach


def readable(user: Any) -> list[Collaborative]:
    found = (
        Collaborative.objects.active() if user.is_superuser else collaboratives_where(user, STUDY_AGGREGATES)
    )
    return [c for c in found.order_by("name") if feasibility_reach(user, c) is not None]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The collaboratives whose answers this person reads (straight to the one, if only one)."""
    found = readable(request.user)
    if not found:
        raise PermissionDenied
    if len(found) == 1:
        return redirect("feasibility:page", slug=found[0].slug)
    return render(request, "feasibility/home.html", {"collaboratives": found})


def with_svgs(ctx: dict[str, Any], draw: Any) -> dict[str, Any]:
    ctx["charts"] = {key: draw(spec) for key, spec in ctx["specs"].items()}
    return ctx


@login_required
def page(request: HttpRequest, slug: str) -> HttpResponse:
    """The theory of change of this collaborative, each box with its evidence read live."""
    collaborative, reach = reach_or_403(request, slug)
    ctx = toc.answers(collaborative, suppress=reach != "full", today=timezone.localdate())
    ctx["programs"] = cases.programs(collaborative) if reach == "full" else []
    return render(request, "feasibility/page.html", with_svgs(ctx, rendering.svg))


@login_required
def case(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One program's case profile (the study team only: a case is one program, never an aggregate)."""
    collaborative, reach = reach_or_403(request, slug)
    if reach != "full":
        raise PermissionDenied
    program = Program.objects.filter(pk=pk, teams__collaborative=collaborative).distinct().first()
    if program is None:
        raise Http404
    ctx = cases.profile(collaborative, program, today=timezone.localdate())
    return render(request, "feasibility/case.html", with_svgs(ctx, rendering.svg))


@login_required
def report_file(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The report as HTML, PDF or slides, drawn in the request; a large collaborative's on the worker."""
    collaborative, reach = reach_or_403(request, slug)
    if fmt not in report_runs.FILES:
        raise Http404
    if report_runs.for_the_worker(collaborative):
        return report_runs.begin(request, collaborative, reach)
    suppress = reach != "full"
    today = timezone.localdate()
    name, content_type = report_runs.FILES[fmt]
    if fmt == "html":
        ctx = report.context(collaborative, suppress=suppress, today=today, draw=rendering.svg)
        return HttpResponse(report.html(ctx), content_type=content_type)
    ctx = report.context(collaborative, suppress=suppress, today=today)
    body = report.pdf_bytes(ctx) if fmt == "pdf" else report.pptx_bytes(ctx)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{collaborative.slug}-{name}"'
    return response
