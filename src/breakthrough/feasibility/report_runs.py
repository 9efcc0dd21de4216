"""The feasibility report drawn in one go (``write_report``: report.html, report.pdf, slides.pptx in a
folder), by the command line, by a request for a small collaborative, or by the background worker for a
large one, as the dashboards' reports are (``dashboards.report_runs``): the request makes a ``ReportRun``
and sends the person to its page, which refreshes itself, shows the steps done, and links to the files
when they are ready. The worker draws it with the reach of the person who asked (a viewer's is suppressed)
and only that person downloads it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import task
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from breakthrough.collaboratives.access import feasibility_reach
from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.background import in_background
from breakthrough.core.http import owned_or_404
from breakthrough.dashboards import rendering
from breakthrough.feasibility import report
from breakthrough.feasibility.models import ReportRun

FILES = {
    "html": ("report.html", "text/html; charset=utf-8"),
    "pdf": ("report.pdf", "application/pdf"),
    "pptx": ("slides.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
STEPS = 12  # nine of the answers, then HTML, PDF, slides
BACKGROUND_TEAMS = 20  # from this many teams a report is the worker's (setting FEASIBILITY_BACKGROUND_TEAMS)


def write_report(
    collaborative: Collaborative,
    out: Path,
    *,
    suppress: bool,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Path]:
    """Draw the report into ``out``: report.html (charts as SVG), report.pdf, slides.pptx."""
    tick = progress or (lambda done, total: None)
    out.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    ctx = report.context(
        collaborative,
        suppress=suppress,
        today=today,
        draw=rendering.svg,
        progress=lambda d, t: tick(d, STEPS),
    )
    paths = {key: out / name for key, (name, _type) in FILES.items()}
    paths["html"].write_text(report.html(ctx), encoding="utf-8")
    tick(10, STEPS)
    ctx["charts"] = {key: rendering.pdf_chart(spec) for key, spec in ctx["specs"].items()}
    for case in ctx["cases"]:
        case["charts"] = {key: rendering.pdf_chart(spec) for key, spec in case["specs"].items()}
    paths["pdf"].write_bytes(report.pdf_bytes(ctx))
    tick(11, STEPS)
    paths["pptx"].write_bytes(report.pptx_bytes(ctx))
    tick(12, STEPS)
    return paths


def for_the_worker(collaborative: Collaborative) -> bool:
    """Whether this collaborative's report is drawn in the background (a worker, and enough teams)."""
    limit = getattr(settings, "FEASIBILITY_BACKGROUND_TEAMS", BACKGROUND_TEAMS)
    return in_background() and collaborative.teams.count() >= limit


def report_root() -> Path:
    path = Path(settings.MEDIA_ROOT) / "feasibility"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    from breakthrough.feasibility.views import reach_or_403

    collaborative, reach = reach_or_403(request, slug)
    return begin(request, collaborative, reach)


def begin(request: HttpRequest, collaborative: Collaborative, reach: str) -> HttpResponse:
    """Queue the report for the worker (or, without one, draw it now) and send the person to its page."""
    run = ReportRun.objects.create(
        collaborative=collaborative,
        user=request.user,
        suppressed=reach != "full",
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total_steps=STEPS,
    )
    if in_background():
        transaction.on_commit(lambda: draw.enqueue(run.pk))
    else:
        draw.call(run.pk)
    return redirect("feasibility:run", pk=run.pk)


@task()
def draw(run_id: int) -> dict[str, Any]:
    """Draw a queued report in the language and with the reach of the person who asked."""
    run = ReportRun.objects.select_related("collaborative", "user").get(pk=run_id)
    if run.status != ReportRun.Status.QUEUED:
        return {"report": run_id, "skipped": run.status}  # a retried task draws nothing twice
    ReportRun.objects.filter(pk=run_id).update(status=ReportRun.Status.RUNNING)
    folder = f"{run.pk}-{run.collaborative.slug}"

    def progress(done: int, total: int) -> None:
        ReportRun.objects.filter(pk=run_id).update(done_steps=done, total_steps=total)

    try:
        with translation.override(run.language):
            write_report(
                run.collaborative, report_root() / folder, suppress=run.suppressed, progress=progress
            )
    except Exception:
        ReportRun.objects.filter(pk=run_id).update(status=ReportRun.Status.FAILED)
        raise
    ReportRun.objects.filter(pk=run_id).update(
        status=ReportRun.Status.DONE, folder=folder, finished_at=timezone.now(), done_steps=STEPS
    )
    return {"report": run_id, "folder": folder}


def _own_run(request: HttpRequest, pk: int) -> ReportRun:
    return owned_or_404(ReportRun.objects.select_related("collaborative"), pk, request.user)


@login_required
def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    run = _own_run(request, pk)
    response = render(request, "feasibility/report_run.html", {"run": run})
    if run.status in (ReportRun.Status.QUEUED, ReportRun.Status.RUNNING):
        response["Refresh"] = "3"  # the page follows the worker without JavaScript
    return response


@login_required
def run_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = _own_run(request, pk)
    if fmt not in FILES or run.status != ReportRun.Status.DONE or not run.folder:
        raise Http404
    reach = feasibility_reach(request.user, run.collaborative)
    if reach is None or (reach != "full" and not run.suppressed):
        raise Http404  # the person lost the role since
    name, content_type = FILES[fmt]
    path = report_root() / run.folder / name
    if not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=fmt != "html", filename=name, content_type=content_type
    )
